"""Pinhole (every constructor form) and ViewCoordinates: static, over a timeline, partial updates, clears."""

from _common import finish, log_alone, setup

rr = setup("pinhole_camera")
try:
    ViewCoordinates = rr.ViewCoordinates
except AttributeError:  # nparrow before the top-level export
    from nparrow.archetypes.pinhole import ViewCoordinates

rr.log("world", ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
rr.log(
    "world/cam",
    rr.Pinhole(focal_length=500, width=640, height=480, camera_xyz=ViewCoordinates.RDF),
    static=True,
)
rr.log("world/cam_fov", rr.Pinhole(fov_y=0.9, aspect_ratio=1.5, image_plane_distance=0.3), static=True)

for frame in range(6):
    rr.set_time("frame", sequence=frame)
    rr.log(
        "world/cam",
        rr.Pinhole(
            focal_length=[400.0 + frame, 410.0],
            resolution=[640, 480],
            principal_point=[320 + frame * 0.5, 240],
            camera_xyz=ViewCoordinates.RUB if frame % 2 else ViewCoordinates.FLU,
            color=[255, frame * 40, 0],
            line_width=0.01 * (frame + 1),
        ),
    )
    rr.log(
        "world/cam_matrix",
        rr.Pinhole(
            image_from_camera=[[300, 0, 160 + frame], [0, 300, 120], [0, 0, 1]],
            width=320,
            height=240,
            child_frame="cam_optical",
            parent_frame="cam_body",
            image_plane_distance=1.0 + frame,
        ),
    )
    if frame == 2:  # partial updates
        log_alone(
            rr,
            ("world/cam", rr.Pinhole.from_fields(image_plane_distance=5.0)),
            ("world/cam_matrix", rr.Pinhole.from_fields(clear_unset=True, resolution=[100, 100])),
        )
    if frame == 4:
        log_alone(
            rr,
            ("world/cam_fov", rr.Pinhole.cleared()),
            ("world", ViewCoordinates.RIGHT_HAND_Y_UP),
        )
finish(rr)
