"""Recording properties and which recording a call goes to: send_recording_name / start time /
send_property, `with RecordingStream(...)`, thread-local and global recordings."""

import threading

from _common import finish, setup

rr = setup("recording_api")
rr.send_recording_name("compat run")
rr.send_recording_start_time_nanos(1_700_000_000_000_000_000)
rr.send_property("config", rr.TextDocument("lr = 0.1"))
rr.send_property("camera 2", rr.Points3D([[1, 2, 3]]))

# Inside the block the thread logs to `side` (buffered, never written): not to the file.
side = rr.RecordingStream("side_app")
with side:
    rr.log("side/points", rr.Points3D([[9, 9, 9]]))
rr.log("main/points", rr.Points3D([[0, 0, 0]]))

# Another global recording for a while.
old = rr.set_global_data_recording(side)
rr.log("side/more", rr.Points3D([[8, 8, 8]]))
assert rr.set_global_data_recording(old).get_recording_id() == side.get_recording_id()


# A thread with its own thread-local recording; the main thread's calls still reach the file.
def worker():
    rr.set_thread_local_data_recording(side)
    rr.log("side/thread", rr.Points3D([[7, 7, 7]]))


t = threading.Thread(target=worker)
t.start()
t.join()
rr.log("main/after", rr.Points3D([[1, 1, 1]]))
assert rr.get_thread_local_data_recording() is None
finish(rr)
