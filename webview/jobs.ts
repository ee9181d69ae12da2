/**
 * The jobs of a job queue (lesson 8) as bars per job, in the header: one row per job, its
 * queued and running stretches side by side on the run's time axis and a mark where it was done
 * (core/jobs.ts finds them). Shown only when the program reports job states.
 */
import type { ColumnarTrace } from '../src/core/columns/table';
import { jobBars, jobSegments } from '../src/core/jobs';
import { phrase } from '../src/core/text/phrases';
import { traceEnd } from '../src/core/calls';
import { formatDuration } from '../src/core/duration';
import { el } from './dom';
import { lang } from './i18n';

export function renderJobs(host: HTMLElement, trace: ColumnarTrace): void {
  const bars = jobBars(trace.events);
  if (!bars.length) return;
  const l = lang();
  const end = Math.max(traceEnd(trace), 1e-9);
  const box = el('section', { class: 'jobs', 'aria-label': phrase(l, 'jobsTitle') });
  box.append(el('h2', {}, phrase(l, 'jobsTitle')));
  for (const bar of bars) {
    const row = el('div', { class: 'job-row', 'data-job': bar.job });
    row.append(el('span', { class: 'job-name' }, phrase(l, 'jobName', bar.job)));
    const track = el('div', { class: 'job-track' });
    for (const s of jobSegments(bar, end)) {
      const name = phrase(l, `job_${s.state}`);
      const title = s.state === 'done' ? phrase(l, 'jobAt', name, formatDuration(s.from)) : phrase(l, 'jobSpan', name, formatDuration(s.from), formatDuration(s.to));
      const seg = el('span', { class: `job-seg job-${s.state}`, 'data-state': s.state, 'data-from': s.from, 'data-to': s.to, title, 'aria-label': title });
      // Positions through the CSSOM: the view's CSP allows no inline style attributes.
      seg.style.left = `${(s.from / end) * 100}%`;
      if (s.state !== 'done') seg.style.width = `${(Math.max(0, s.to - s.from) / end) * 100}%`;
      track.append(seg);
    }
    row.append(track);
    box.append(row);
  }
  host.append(box);
}
