// The part file one shard writes: JSON Lines, one typed record per line, written as results arrive.
//   {"type":"part", ...header}           settings, tool version, shard I of N, root, the dataset's file list identity
//   {"type":"file","report":{...}}       one per audited file, in path order, without dataset-level findings
//   {"type":"end","files":K}             only after the last file: a part without it was cut short
// New record types (manifest entries, fingerprints) can be added beside "file" under a new part version.
import type { ManifestSource } from '../manifest/types';
import { createHash } from 'node:crypto';
import type { AuditSettings, FileReport } from '../types';
import { DATASET_RULES } from '../rules/severity';
import { settingsHash } from '../cache';
import type { ShardSpec } from './assign';

export const PART_FORMAT = 'audio-audit-part';
/** Bumped when a record changes meaning or a record type is added; merge reads exactly this version. */
export const PART_VERSION = 1;

/** Which files the whole dataset had when this shard listed it; every shard lists the same tree. */
export interface DatasetIdentity {
  readonly files: number;
  /** SHA-256 (hex) of the relative paths in path order, each followed by '\n'. */
  readonly pathsSha256: string;
}

export interface PartHeader {
  readonly type: 'part';
  readonly format: typeof PART_FORMAT;
  readonly version: number;
  /** The audio-audit version that wrote the part (package.json). */
  readonly toolVersion: string;
  readonly shard: ShardSpec;
  readonly root: string;
  readonly dataset: DatasetIdentity;
  /** settingsHash(settings), the key of the cache entries the shard reused. */
  readonly settingsHash: string;
  readonly settings: AuditSettings;
  /** ISO time the part was started: the only field that differs when a shard is re-run. */
  readonly created: string;
  /** The manifests the shard found in the whole tree (every shard finds the same); the merge checks them. */
  readonly manifests: readonly ManifestSource[];
}

export interface FileRecord {
  readonly type: 'file';
  readonly report: FileReport;
}

export interface EndRecord {
  readonly type: 'end';
  readonly files: number;
}

export type PartRecord = PartHeader | FileRecord | EndRecord;

export function datasetIdentity(relPathsInOrder: readonly string[]): DatasetIdentity {
  const sha = createHash('sha256');
  for (const p of relPathsInOrder) sha.update(`${p}\n`);
  return { files: relPathsInOrder.length, pathsSha256: sha.digest('hex') };
}

export function makePartHeader(opts: {
  toolVersion: string;
  shard: ShardSpec;
  root: string;
  dataset: DatasetIdentity;
  settings: AuditSettings;
  created: Date;
  manifests: readonly ManifestSource[];
}): PartHeader {
  return {
    type: 'part',
    format: PART_FORMAT,
    version: PART_VERSION,
    toolVersion: opts.toolVersion,
    shard: { index: opts.shard.index, count: opts.shard.count },
    root: opts.root,
    dataset: opts.dataset,
    settingsHash: settingsHash(opts.settings),
    settings: opts.settings,
    created: opts.created.toISOString(),
    manifests: opts.manifests,
  };
}

export const headerLine = (h: PartHeader): string => `${JSON.stringify(h)}\n`;

/** The file's own findings only: the dataset rules are decided by the merge, over every part. */
export function fileLine(report: FileReport): string {
  const own = report.findings.some((x) => DATASET_RULES.has(x.rule))
    ? { ...report, findings: report.findings.filter((x) => !DATASET_RULES.has(x.rule)) }
    : report;
  const record: FileRecord = { type: 'file', report: own };
  return `${JSON.stringify(record)}\n`;
}

export const endLine = (files: number): string => `${JSON.stringify({ type: 'end', files } satisfies EndRecord)}\n`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A record of a part, or a sentence fragment saying why the line is not one (the caller adds file and line). */
export function parsePartLine(line: string): PartRecord | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return line.length === 0 ? 'is empty' : 'is not complete JSON (cut off?)';
  }
  if (!isObject(v)) return 'is not a JSON object';
  switch (v.type) {
    case 'file':
      return isObject(v.report) && typeof v.report.path === 'string' && Array.isArray(v.report.findings)
        ? (v as unknown as FileRecord)
        : 'is a "file" record without a file report';
    case 'end':
      return Number.isSafeInteger(v.files) ? (v as unknown as EndRecord) : 'is an "end" record without a file count';
    case 'part':
      return checkHeader(v);
    default:
      return `has an unknown record type ${JSON.stringify(v.type)}`;
  }
}

function checkHeader(v: Json): PartHeader | string {
  if (v.format !== PART_FORMAT) return `is not an audio-audit part header (format ${JSON.stringify(v.format)})`;
  if (v.version !== PART_VERSION) {
    return `is part format version ${JSON.stringify(v.version)}, and this audio-audit reads version ${PART_VERSION}`;
  }
  const shard = v.shard as Json | undefined;
  const dataset = v.dataset as Json | undefined;
  const ok =
    typeof v.toolVersion === 'string' &&
    isObject(shard) && Number.isSafeInteger(shard.index) && Number.isSafeInteger(shard.count) &&
    typeof v.root === 'string' &&
    isObject(dataset) && Number.isSafeInteger(dataset.files) && typeof dataset.pathsSha256 === 'string' &&
    typeof v.settingsHash === 'string' && isObject(v.settings) && typeof v.created === 'string';
  return ok ? (v as unknown as PartHeader) : 'is a part header with missing or mistyped fields';
}
