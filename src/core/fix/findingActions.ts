// What can be done about an audio finding, shared by the editor's lightbulb and the preview's finding list so both
// offer the same actions with the same words.
import type { RuleId } from '../types';

export type FindingActionId = 'correct' | 'quantization';

export interface FindingAction {
  readonly id: FindingActionId;
  readonly title: string;
  /** Set when the action cannot help: shown instead of running anything. */
  readonly disabledReason?: string;
}

const CORRECT = 'Write a corrected copy…';

/** dc-offset: subtract each channel's mean; non-finite: NaN/±Inf → 0. Clipping has no inverse. */
export function findingActions(rule: RuleId | string): FindingAction[] {
  switch (rule) {
    case 'dc-offset':
    case 'non-finite':
      return [{ id: 'correct', title: CORRECT }];
    case 'clipping':
      return [{ id: 'correct', title: CORRECT, disabledReason: 'Clipping cannot be undone: the samples beyond full scale were never recorded. Re-record the take, or drop the file with a filtered manifest.' }];
    case 'minmax-zero-shift':
      return [{ id: 'quantization', title: 'Show dataset-wide quantization' }];
    default:
      return [];
  }
}
