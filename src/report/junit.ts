// JUnit XML, the format CI systems display: one testsuite, one testcase per check, the key figure as
// the failure (or error) message and the evidence as its body; a check not run is skipped with its why.
import type { RunResult } from '../registry/run.js';

export function junitXml(result: RunResult): string {
  const { total, fail, notRun, error } = result.counts;
  const cases = result.checks.map((r) => {
    const open =
      `  <testcase classname="icl-verify.${xmlAttr(r.subject)}" ` +
      `name="${xmlAttr(r.id)}" time="${r.seconds.toFixed(3)}">`;
    const evidence = xmlText(JSON.stringify(r.evidence, null, 2));
    const out = `    <system-out>${xmlText(r.keyFigure)}\ndetects: ${xmlText(r.detects)}\n${evidence}</system-out>\n`;
    const body =
      r.status === 'fail'
        ? `    <failure message="${xmlAttr(r.keyFigure)}" ` +
          `type="CheckFailed">${xmlText(r.claim)}\n${evidence}</failure>\n`
        : r.status === 'error'
          ? `    <error message="${xmlAttr(r.keyFigure)}" ` +
            `type="CheckError">${xmlText(r.why ?? '')}\n${evidence}</error>\n`
          : r.status === 'not-run'
            ? `    <skipped message="${xmlAttr(`not run: ${r.why ?? ''}`)}"/>\n${out}`
            : out;
    return `${open}\n${body}  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="icl-verify" tests="${total}" failures="${fail}" ` +
      `errors="${error}" skipped="${notRun}" time="${result.seconds.toFixed(3)}">`,
    `<testsuite name="icl-verify verify${result.quick ? ' --quick' : ''}" ` +
      `tests="${total}" failures="${fail}" errors="${error}" skipped="${notRun}" ` +
      `time="${result.seconds.toFixed(3)}" timestamp="${result.startedAt}">`,
    `  <properties><property name="seed" value="${result.seed}"/><property ` +
      `name="quick" value="${result.quick}"/></properties>`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// XML 1.0 forbids most control characters even when escaped; drop them.
const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
const xmlText = (s: string): string => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string): string => xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
