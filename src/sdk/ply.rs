//! PLY point clouds (`log_file_from_path("cloud.ply")`): the `vertex` element's positions,
//! colors and radii as the arrays `Points3D` takes, read with `ply-rs-bw`.

use ply_rs_bw::parser::Parser;
use ply_rs_bw::ply::{DefaultElement, Property};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::error::{Error, Result};

fn scalar(p: &Property) -> Option<f64> {
    Some(match *p {
        Property::Char(v) => v.into(),
        Property::UChar(v) => v.into(),
        Property::Short(v) => v.into(),
        Property::UShort(v) => v.into(),
        Property::Int(v) => v.into(),
        Property::UInt(v) => v.into(),
        Property::Float(v) => v.into(),
        Property::Double(v) => v,
        _ => return None,
    })
}

/// A color channel as a byte: integers as they are (clamped), floats as 0–1 scaled by 255.
fn channel(p: &Property) -> Option<u8> {
    match *p {
        Property::Float(v) => Some((v.clamp(0.0, 1.0) * 255.0).round() as u8),
        Property::Double(v) => Some((v.clamp(0.0, 1.0) * 255.0).round() as u8),
        _ => scalar(p).map(|v| v.clamp(0.0, 255.0) as u8),
    }
}

/// Positions (`x y z` per vertex), packed colors if any, radii if any.
pub type PlyPoints = (Vec<f32>, Option<Vec<u32>>, Option<Vec<f32>>);

/// The vertices of a PLY file: `(positions, colors, radii)` with positions `N×3` float32
/// bytes, colors packed `0xRRGGBBAA` u32 bytes (when the vertices have red/green/blue), radii
/// float32 bytes (when they have `radius`).
pub fn read_points(contents: &[u8]) -> Result<PlyPoints> {
    let ply = Parser::<DefaultElement>::new()
        .read_ply(&mut std::io::Cursor::new(contents))
        .map_err(|e| Error::Value(format!("cannot read the PLY file: {e}")))?;
    let vertices = ply
        .payload
        .get("vertex")
        .ok_or_else(|| Error::Value("the PLY file has no vertex element".into()))?;
    let mut positions = Vec::with_capacity(vertices.len() * 3);
    let has = |key: &str| vertices.first().is_some_and(|v| v.contains_key(key));
    let with_colors = has("red") && has("green") && has("blue");
    let mut colors = with_colors.then(|| Vec::with_capacity(vertices.len()));
    let mut radii = has("radius").then(|| Vec::with_capacity(vertices.len()));
    for (i, v) in vertices.iter().enumerate() {
        for key in ["x", "y", "z"] {
            let value = v.get(key).and_then(scalar).ok_or_else(|| {
                Error::Value(format!(
                    "PLY vertex {i}: expected a numeric {key:?} property"
                ))
            })?;
            positions.push(value as f32);
        }
        if let Some(colors) = colors.as_mut() {
            let c = |key: &str, default: u8| v.get(key).and_then(channel).unwrap_or(default);
            colors.push(u32::from_be_bytes([
                c("red", 0),
                c("green", 0),
                c("blue", 0),
                c("alpha", 255),
            ]));
        }
        if let Some(radii) = radii.as_mut() {
            radii.push(v.get("radius").and_then(scalar).unwrap_or(0.0) as f32);
        }
    }
    Ok((positions, colors, radii))
}

fn bytes<'py, T: bytemuck::Pod>(py: Python<'py>, v: &[T]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, bytemuck::cast_slice(v))
}

/// `(positions, colors, radii)` of a PLY file's vertices as bytes (see [`read_points`]).
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn read_ply_points<'py>(
    py: Python<'py>,
    contents: &[u8],
) -> Result<(
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyBytes>>,
    Option<Bound<'py, PyBytes>>,
)> {
    let (positions, colors, radii) = read_points(contents)?;
    Ok((
        bytes(py, &positions),
        colors.map(|c| bytes(py, &c)),
        radii.map(|r| bytes(py, &r)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASCII: &str = "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\n\
        property float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n\
        0 1 2 255 0 0\n3 4 5 0 128 255\n";

    #[test]
    fn ascii_vertices_with_colors() {
        let (p, c, r) = read_points(ASCII.as_bytes()).unwrap();
        assert_eq!(p, [0., 1., 2., 3., 4., 5.]);
        assert_eq!(c.unwrap(), [0xff0000ff, 0x0080ffff]);
        assert!(r.is_none());
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(read_points(b"not a ply").is_err());
        let no_z = ASCII
            .replace("property float z\n", "")
            .replace("0 1 2 ", "0 1 ")
            .replace("3 4 5 ", "3 4 ");
        let err = read_points(no_z.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("\"z\""), "{err}");
    }
}
