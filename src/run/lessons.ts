/**
 * The lessons' catalogue (examples/lessons.json), read by the CLI (`--lesson N`) and by the
 * extension (the gallery, the walkthrough, a lesson file's note), and the one place that turns a
 * lesson's Python twin into the line shown beside its timeline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Python a lesson mirrors: what the learners saw in their Python/Django course. */
export interface LessonPython {
  /** The Python twin of the lesson's example (relative to examples/), e.g. `02-await-lets-others-run/promise_all.py`. */
  file: string;
  /** The one-line mapping from that Python to the lesson's Node/TypeScript, per language (`en`, `ko`). */
  mapping: Record<string, string>;
}

export interface Lesson {
  /** 1-based position in the curriculum. */
  id: number;
  /** Folder name under examples/ (`04-event-loop-order`). */
  slug: string;
  /** Title per language (`en`, `ko`). */
  title: Record<string, string>;
  /** The example opened in the editor (relative to examples/). */
  file: string;
  /** Two files that open straight into the compare view. */
  compare?: [string, string];
  /** Other files of the lesson (a Redis variant, more pitfalls). */
  variants?: string[];
  /** The "what to notice" text per language. */
  notice?: Record<string, string>;
  /** The learner may guess the order of the console lines before the reveal. */
  predict?: boolean;
  /** The bridge from Python: the lesson's Python twin and how it maps to the Node code. */
  python?: LessonPython;
}

/** The lessons of `examplesDir`/lessons.json; none when the file is missing or unreadable. */
export function readLessons(examplesDir: string): Lesson[] {
  try {
    const data = JSON.parse(readFileSync(path.join(examplesDir, 'lessons.json'), 'utf8')) as { lessons?: Lesson[] };
    return Array.isArray(data.lessons) ? data.lessons.filter((l) => typeof l?.file === 'string' && typeof l.id === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * The lesson's bridge from Python in `lang` (English when that language has none): the twin's
 * file name, then its one-line mapping ("promise_all.py — asyncio.gather(...) ↔ Promise.all([...])").
 * Plain text, shown beside the timeline under the lesson's note. Undefined without a twin.
 */
export function pythonBridge(lesson: Lesson, lang: string): string | undefined {
  const p = lesson.python;
  const mapping = p?.mapping?.[lang] ?? p?.mapping?.en;
  if (!p || typeof p.file !== 'string' || !mapping) return undefined;
  return `${path.basename(p.file)} — ${mapping}`;
}
