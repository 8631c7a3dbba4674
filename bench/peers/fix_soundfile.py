# Peer of `audio-audit fix --dc mean --gain dataset` (bench/fix.ts): libsndfile + numpy doing the same three passes
# (channel means, corpus peak after DC removal, write with the corpus gain and TPDF dither at 16 bits).
# Usage: fix_soundfile.py OUT_DIR FILE...
import os, sys
import numpy as np
import soundfile as sf

out_dir, files = sys.argv[1], sys.argv[2:]
means = {}
for f in files:
    x, _ = sf.read(f, dtype="float64", always_2d=True)
    means[f] = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0).mean(axis=0)
peak = 0.0
for f in files:
    x, _ = sf.read(f, dtype="float64", always_2d=True)
    peak = max(peak, float(np.abs(np.nan_to_num(x) - means[f]).max()))
gain = 10 ** (-1 / 20) / peak
rng = np.random.default_rng(1)
for f in files:
    x, sr = sf.read(f, dtype="float64", always_2d=True)
    v = (np.nan_to_num(x) - means[f]) * gain * 32768
    d = rng.random(v.shape) + rng.random(v.shape) - 1
    codes = np.clip(np.floor(v + d + 0.5), -32768, 32767).astype(np.int16)
    sf.write(os.path.join(out_dir, os.path.basename(f)), codes, sr, subtype="PCM_16")
