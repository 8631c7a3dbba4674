# Peer for `npm run bench`: libsndfile (python3-soundfile) + numpy computing the audit's per-file statistics
# (sox-style DC offset, min, max, peak, RMS, clipped-sample count, non-finite count) on the same files, one process.
# Run with Debian's /usr/bin/python3. Prints one line per file so nothing is optimized away.
import sys
import numpy as np
import soundfile as sf

CLIP = 0.999

for path in sys.argv[1:]:
    x, sr = sf.read(path, dtype='float64', always_2d=True)
    out = []
    for c in range(x.shape[1]):
        v = x[:, c]
        finite = np.isfinite(v)
        nonfinite = v.size - int(finite.sum())
        if nonfinite:
            v = v[finite]
        peak = max(-v.min(), v.max())
        rms = np.sqrt(np.dot(v, v) / v.size)
        clipped = int(np.count_nonzero(np.abs(v) >= CLIP))
        out.append(f'{v.mean():.6g} {v.min():.6g} {v.max():.6g} {peak:.6g} {rms:.6g} {clipped} {nonfinite}')
    print(path, sr, ' | '.join(out))
