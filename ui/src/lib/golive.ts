// Going live: when the rule may be switched on. The test comes first, because it may say
// "do not switch it on yet"; these rules decide what the Test and Go live screens say.

import type { CheckReport } from './bindings/CheckReport';
import type { LastCheck } from './bindings/LastCheck';

/**
 * The shown run lets the app offer its own *Switch the rule on* button: PingOne's own
 * connection test passed, PingOne holds the right connection, and the rule was found off.
 * Never while a run is going or when the run was obtained with other values (`stale`).
 */
export function ruleSwitchOffered(report: CheckReport | null, running: boolean, stale: boolean): boolean {
  if (!report || running || stale) return false;
  const passed = (id: string) => report.steps.some((s) => s.id === id && s.status === 'pass');
  const ruleOff = report.steps.some(
    (s) => s.id === 'pingone_rule' && s.findings.some((f) => f.code === 'pingone_rule_inactive'),
  );
  return passed('pingone_cloud_test') && passed('pingone_store') && ruleOff;
}

/**
 * What to tell the admin about switching the rule on:
 * - `not_tested`: no test result at all: test first;
 * - `stale`: the result shown was obtained with other values: test again;
 * - `blocked`: the test found something that blocks PingOne: fix it, leave the rule off;
 * - `ready`: nothing blocks PingOne: switch the rule on.
 * The run of this session decides when there is one; otherwise the last saved result.
 */
export type SwitchOnAdvice = 'not_tested' | 'stale' | 'blocked' | 'ready';

export function switchOnAdvice(report: CheckReport | null, last: LastCheck | null, stale: boolean): SwitchOnAdvice {
  if (report) {
    if (stale) return 'stale';
    return report.verdict.ready ? 'ready' : 'blocked';
  }
  if (!last) return 'not_tested';
  return last.ok ? 'ready' : 'blocked';
}
