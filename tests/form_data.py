#!/usr/bin/env python3
"""Fetches the form check's test data into a cache folder (never into the repository).

- The pinned `@mediapipe/pose` npm tarball (the pose models), checked against its integrity hash.
- The pinned `pose2sim` wheel from PyPI (through pip, so any configured mirror works), checked against its SHA-256, and the four videos of its
  single-person demo (one person filmed by four calibrated cameras).
- Clips made from them with ffmpeg: `reps.mp4` (the demo's bend played forwards and backwards
  three times, so that the hips go down and up like reps) and `ten-seconds.mp4` (10 s at 30 fps,
  for the speed benchmark).

Usage: form_data.py [FOLDER]   (default: target/form-data beside this repository's root)
Prints the folder. Files already present and correct are kept.
"""

import base64
import hashlib
import os
import subprocess
import sys
import urllib.request
import zipfile

POSE_URL = "https://registry.npmjs.org/@mediapipe/pose/-/pose-0.5.1675469404.tgz"
POSE_INTEGRITY = "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="
WHEEL = "pose2sim-0.10.49-py3-none-any.whl"
WHEEL_SHA256 = "403e0dc4065898ba6a595e72a8970950310979253d60e24c2e00b16b36bf21e1"
CAMERAS = ["cam01", "cam02", "cam03", "cam04"]


def integrity(path):
    with open(path, "rb") as f:
        return "sha512-" + base64.b64encode(hashlib.sha512(f.read()).digest()).decode()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fetch(url, path):
    partial = path + ".partial"
    with urllib.request.urlopen(url, timeout=300) as answer, open(partial, "wb") as out:
        while True:
            chunk = answer.read(1 << 20)
            if not chunk:
                break
            out.write(chunk)
    os.replace(partial, path)


def ensure(path, check, url_of):
    if os.path.exists(path) and check(path):
        return
    fetch(url_of(), path)
    if not check(path):
        os.remove(path)
        sys.exit(f"{path}: hash does not match the pinned one")


def fetch_wheel(folder, path):
    """pip knows where PyPI is on this machine (an index, a mirror, a proxy)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                    "--dest", folder, "pose2sim==0.10.49"], check=True)
    if not os.path.exists(path) or sha256(path) != WHEEL_SHA256:
        sys.exit(f"{path}: hash does not match the pinned one")


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "form-data")
    os.makedirs(folder, exist_ok=True)
    tarball = os.path.join(folder, "pose-0.5.1675469404.tgz")
    ensure(tarball, lambda p: integrity(p) == POSE_INTEGRITY, lambda: POSE_URL)
    wheel = os.path.join(folder, WHEEL)
    if not (os.path.exists(wheel) and sha256(wheel) == WHEEL_SHA256):
        fetch_wheel(folder, wheel)
    videos = os.path.join(folder, "pose2sim")
    os.makedirs(videos, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        for cam in CAMERAS:
            target = os.path.join(videos, f"{cam}.mp4")
            if not os.path.exists(target):
                with z.open(f"Pose2Sim/Demo_SinglePerson/videos/{cam}.mp4") as src, open(target + ".partial", "wb") as out:
                    out.write(src.read())
                os.replace(target + ".partial", target)
    source = os.path.join(videos, "cam03.mp4")
    reps = os.path.join(folder, "reps.mp4")
    if not os.path.exists(reps):
        ffmpeg("-i", source, "-filter_complex",
               "[0:v]fps=30,scale=540:-2,split[a][b];[b]reverse[r];[a][r]concat=n=2:v=1:a=0,loop=loop=2:size=120:start=0[v]",
               "-map", "[v]", "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p", reps + ".mp4")
        os.replace(reps + ".mp4", reps)
    ten = os.path.join(folder, "ten-seconds.mp4")
    if not os.path.exists(ten):
        ffmpeg("-stream_loop", "-1", "-i", reps, "-t", "10", "-vf", "fps=30,scale=1080:-2", "-an",
               "-c:v", "libx264", "-pix_fmt", "yuv420p", ten + ".mp4")
        os.replace(ten + ".mp4", ten)
    print(folder)


if __name__ == "__main__":
    main()
