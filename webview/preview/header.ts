// Header: file name, format line and the findings (codicon severity icon + message; located ones are clickable).
import type { AudioFormat, Finding, FindingLocation } from '../../src/core/types';
import { fileActions, type FindingAction } from '../../src/core/fix/findingActions';
import { lightbulb } from './actionMenu';
import { el, formatTime } from './dom';

const ICONS = { error: 'error', warning: 'warning', info: 'info' } as const;

const ENCODINGS: Readonly<Record<string, string>> = {
  pcm: 'PCM', float: 'float', alaw: 'A-law', mulaw: 'µ-law', flac: 'FLAC', mp3: 'MP3', vorbis: 'Vorbis', opus: 'Opus',
};

export function formatLine(f: AudioFormat): string {
  const enc = ENCODINGS[f.encoding] ?? f.encoding;
  // Lossless storage has a bit depth; a lossy codec has a bitrate instead.
  const depth = f.validBits === null || f.bitsPerSample === null
    ? (f.bitrateKbps ? `${Math.round(f.bitrateKbps)} kbit/s` : '')
    : f.validBits !== f.bitsPerSample ? `${f.validBits}-bit in ${f.bitsPerSample}` : `${f.bitsPerSample}-bit`;
  const ch = f.channels === 1 ? 'mono' : f.channels === 2 ? 'stereo' : `${f.channels} channels`;
  const container = f.container === f.encoding.toUpperCase() ? '' : `${f.container} · `;
  return `${container}${enc}${depth ? ` ${depth}` : ''} · ${f.sampleRate} Hz · ${ch} · ${formatTime(f.durationSec)} (${f.frames.toLocaleString('en-US')} frames)`;
}

export function renderHeader(
  root: HTMLElement, fileName: string, format: AudioFormat | null, findings: readonly Finding[],
  onLocate: (loc: FindingLocation, finding: Finding) => void, audited = true,
  onAction?: (action: FindingAction, finding: Finding) => void,
): void {
  root.replaceChildren();
  root.append(el('h1', 'file-name', fileName));
  if (format) root.append(el('div', 'format', formatLine(format)));
  const list = el('ul', 'findings');
  if (findings.length === 0) list.append(el('li', 'finding none', audited ? 'No findings.' : 'Not in the last audit report: auditing this file…'));
  for (const f of findings) {
    const item = el('li', `finding severity-${f.severity}`);
    item.append(el('span', `codicon codicon-${ICONS[f.severity]}`), el('span', 'rule', f.rule), el('span', 'message', f.message));
    item.dataset.rule = f.rule;
    const loc = f.location;
    if (loc) {
      item.classList.add('located');
      item.tabIndex = 0;
      item.title = 'Zoom to where this applies';
      const go = () => onLocate(loc, f);
      item.addEventListener('click', go);
      item.addEventListener('keydown', (e) => { if (e.target === item && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); go(); } });
    }
    // The lightbulb the editor would show on this finding (an audio file has no text editor to show one in).
    if (onAction) item.append(lightbulb(fileActions([f.rule]).map((p) => p.action), (action) => onAction(action, f)));
    list.append(item);
  }
  root.append(list);
}
