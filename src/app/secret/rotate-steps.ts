// The steps of rotating a profile's client secret, in order, as the use case reports them through the
// Interaction port's progress (the kill-at-every-step test, test/app/secret/kill-at-step-rotate.test.ts,
// ends the process at each). Creation's steps (steps.ts) plus the proof before storing and the retirement.
import { CREATION_STEPS } from './steps.ts';

export const ROTATION_STEPS = [
  ...CREATION_STEPS.slice(0, CREATION_STEPS.indexOf('created-journaled') + 1),
  /** The new value got a token: only now may anything hold it. */
  'verified',
  ...CREATION_STEPS.slice(CREATION_STEPS.indexOf('store-key-journaled'), CREATION_STEPS.indexOf('done')),
  /** The old credential is removed, recorded for `secret prune`, or kept as asked. */
  'old-retired',
  'done',
] as const;

export type RotationStep = (typeof ROTATION_STEPS)[number];
