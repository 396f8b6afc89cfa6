import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liftoffWindowHelps } from '../../lib/platform/runtime.ts';
import { liftoffWindowState, openLiftoffWindow, settleLiftoffWindow } from '../../lib/platform/wasm-tierup.ts';

describe('Liftoff window around undici requests', () => {
  it('is on only while requests are in flight before the first response, then off for good', (t) => {
    if (!liftoffWindowHelps || /liftoff|wasm-tier/.test(`${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`)) {
      // Node 24 and Bun never touch the flag.
      openLiftoffWindow();
      assert.deepEqual(liftoffWindowState(), { flagOn: false, inFlight: 0, done: true });
      t.diagnostic('window not used on this runtime');
      return;
    }
    openLiftoffWindow();
    openLiftoffWindow();
    assert.deepEqual(liftoffWindowState(), { flagOn: true, inFlight: 2, done: false });
    settleLiftoffWindow(false); // one refused: another still in flight
    assert.deepEqual(liftoffWindowState(), { flagOn: true, inFlight: 1, done: false });
    settleLiftoffWindow(false); // a dead collector does not keep the flag on between retries
    assert.deepEqual(liftoffWindowState(), { flagOn: false, inFlight: 0, done: false });
    openLiftoffWindow(); // the retry
    assert.equal(liftoffWindowState().flagOn, true);
    settleLiftoffWindow(true); // a response: llhttp is compiled
    assert.deepEqual(liftoffWindowState(), { flagOn: false, inFlight: 0, done: true });
    openLiftoffWindow();
    assert.deepEqual(liftoffWindowState(), { flagOn: false, inFlight: 0, done: true });
  });
});
