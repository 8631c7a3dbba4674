# Peer for `npm run bench`: keithito/tacotron's mel front end in numpy (no librosa, no scipy) on the same files, one
# process: libsndfile read, mono downmix, preemphasis 0.97, STFT (50 ms periodic Hann window, 12.5 ms hop, n_fft =
# the next power of two >= max(2048, window), center padding with numpy.pad 'reflect'), |X|, Slaney mel filterbank
# (80 bands, fmax sr/2, librosa.filters.mel norm='slaney'), 20·log10(max(1e-5, mel)), and the range statistics.
import sys
import numpy as np
import soundfile as sf

def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    lin = f / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(f >= 1000.0, log, lin)

def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    lin = m * (200.0 / 3)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
    return np.where(m >= 15.0, log, lin)

_bases = {}
def mel_basis(sr, n_fft, n_mels=80):
    key = (sr, n_fft)
    if key not in _bases:
        freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
        edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
        w = np.zeros((n_mels, freqs.size))
        for i in range(n_mels):
            lo, c, hi = edges[i], edges[i + 1], edges[i + 2]
            w[i] = np.maximum(0, np.minimum((freqs - lo) / (c - lo), (hi - freqs) / (hi - c))) * (2.0 / (hi - lo))
        _bases[key] = w
    return _bases[key]

for path in sys.argv[1:]:
    x, sr = sf.read(path, dtype='float64', always_2d=True)
    y = x.mean(axis=1)
    y = np.append(y[0], y[1:] - 0.97 * y[:-1])
    win = int(0.05 * sr)
    hop = int(0.0125 * sr)
    n_fft = 2048
    while n_fft < win:
        n_fft *= 2
    pad = n_fft // 2
    z = np.pad(y, pad, mode='reflect')
    frames = 1 + (z.size - n_fft) // hop
    window = np.zeros(n_fft)
    off = (n_fft - win) // 2
    window[off:off + win] = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win) / win)
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(z[idx] * window, axis=1))
    mel = spec @ mel_basis(sr, n_fft).T
    db = 20 * np.log10(np.maximum(1e-5, mel))
    print(path, frames, f'{db.min():.4f} {db.max():.4f} {db.mean():.4f} {db.std():.4f} {np.mean(db > 0):.6f} {np.mean(db <= -100):.6f}')
