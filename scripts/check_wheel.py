"""`make wheel`'s check of the built wheel: its tag, that the extension ships stripped, that the
metadata carries the project's (pyproject.toml), and that it installs into a fresh venv and runs
(`nparrow --version`, `python -m nparrow`, a recording written to a file).

    python scripts/check_wheel.py target/wheels/nparrow-*.whl
"""

from __future__ import annotations

import email.parser
import io
import subprocess
import sys
import tempfile
import tomllib
import venv
import zipfile
from pathlib import Path

from elftools.elf.elffile import ELFFile  # pyelftools, installed with auditwheel

ROOT = Path(__file__).resolve().parent.parent
SMOKE = """
import sys, numpy as np, nparrow as rr
rr.init("wheel_smoke")
rr.save(sys.argv[1])
rr.log("points", rr.Points3D(np.zeros((10, 3), np.float32)))
rr.disconnect()
try:
    rr.memory_recording().chunks()
except ModuleNotFoundError as err:
    assert "pip install 'nparrow[pyarrow]'" in str(err), err
else:
    raise AssertionError("chunks() without pyarrow did not raise")
"""


def check(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (so_name,) = [n for n in names if n.endswith(".so")]
        so = zf.read(so_name)
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(zf.read(meta_name).decode())
        (wheel_name,) = [n for n in names if n.endswith(".dist-info/WHEEL")]
        tags = email.parser.Parser().parsestr(zf.read(wheel_name).decode()).get_all("Tag")
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()

    elf = ELFFile(io.BytesIO(so))
    sections = {s.name for s in elf.iter_sections()}
    debug = sorted(s for s in sections if s.startswith(".debug"))
    assert not debug and ".symtab" not in sections, f"{so_name} is not stripped: {debug or '.symtab'}"
    print(f"{wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB; {so_name} {len(so) / 1e6:.1f} MB, stripped")

    assert tags == ["cp311-abi3-manylinux_2_28_x86_64"], tags
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["Name"] == project["name"] and meta["Version"] == project["version"]
    assert meta.get_all("Classifier") == project["classifiers"], meta.get_all("Classifier")
    assert meta["Keywords"].split(",") == project["keywords"], meta["Keywords"]
    assert len(meta.get_all("Project-URL")) == len(project["urls"])
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert meta.get_payload().strip() == (ROOT / "README.md").read_text().strip()
    assert "nparrow=nparrow.__main__:main" in entry_points.replace(" ", ""), entry_points
    print(f"tag {tags[0]}; metadata as in pyproject.toml; README as the long description")

    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.create(env_dir, with_pip=True)
        py, script = env_dir / "bin" / "python", env_dir / "bin" / "nparrow"
        subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], check=True)
        version = subprocess.run([script, "--version"], check=True, capture_output=True, text=True).stdout
        assert version.strip() == f"nparrow {project['version']}", version
        subprocess.run([py, "-m", "nparrow"], check=True, capture_output=True)
        rrd = Path(tmp) / "smoke.rrd"
        subprocess.run([py, "-c", SMOKE, rrd], check=True)
        assert rrd.read_bytes()[:4] == b"RRF2" and rrd.read_bytes()[-8:-4] == b"FOOT"
        print(
            f"installs into a fresh venv and runs: {version.strip()}, wrote {rrd.name}; no pyarrow: says the extra"
        )


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        check(Path(arg))
