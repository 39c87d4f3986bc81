// Which report errors mean "not readable here" (the column is shown as unknown) and which are real failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphApiError } from '../../../src/entra/graph/client.ts';
import { isReportUnavailable } from '../../../src/entra/graph/reports.ts';

test('unreadable: no permission, no licence, no such report in this cloud (404, or 400 for the segment)', () => {
  const e = (status: number, message: string) => new GraphApiError(status, 'X', message, undefined);
  assert.equal(isReportUnavailable(e(403, 'Insufficient privileges')), true);
  assert.equal(isReportUnavailable(e(400, "Tenant is not a B2C tenant or doesn't have premium license")), true);
  assert.equal(isReportUnavailable(e(400, "Resource not found for the segment 'appCredentialSignInActivities'.")), true);
  assert.equal(isReportUnavailable(e(404, 'Not found')), true);
  assert.equal(isReportUnavailable(e(400, "Invalid filter clause")), false, 'a bad request of ours is a failure');
  assert.equal(isReportUnavailable(e(500, 'boom')), false);
  assert.equal(isReportUnavailable(new Error('Resource not found for the segment')), false);
});
