"""Schemathesis hooks: request bodies for the media types it cannot make by itself.

Loaded through SCHEMATHESIS_HOOKS by schemathesis.sh. A form-check clip (`video/mp4`) is
arbitrary bytes, sometimes behind the first bytes of a real MP4, so that the server's checks of
the container and of ffprobe's answer both meet generated data.
"""

from hypothesis import strategies as st

import schemathesis

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"

schemathesis.openapi.media_type(
    "video/mp4",
    st.one_of(
        st.binary(max_size=256),
        st.binary(max_size=256).map(lambda rest: MP4_HEAD + rest),
    ),
)
