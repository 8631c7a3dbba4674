#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium (E2E), sox (bench peer),
# ripgrep and libkrb5-dev (code-server's native modules), the reference encoders and decoders that make and check
# the codec fixtures (flac, lame, vorbis-tools, opus-tools, ffmpeg, python3-soundfile = libsndfile, python3-numpy),
# espeak-ng (the speech of the near-duplicate fingerprint tests), and a single-node Slurm cluster for test:cluster
# (slurmctld, slurmd, slurm-client, munge; scripts/slurm/start.sh).
# Needs root, as on CI; a no-op when all are present.
set -euo pipefail
need=()
for p in chromium sox ripgrep libkrb5-dev flac lame vorbis-tools opus-tools ffmpeg python3-soundfile python3-numpy espeak-ng \
  slurmctld slurmd slurm-client munge; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
((${#need[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "setup-system: missing Debian packages: ${need[*]} (run as root, or: sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
echo "setup-system: installing ${need[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
