/**
 * The view's strings in English and Korean (same keys): its own interface strings, merged with
 * the core's phrasebook of the analyses (kinds, queues, rules, explanations: src/core/text), so
 * `t` reads either. The payload carries `locale`. `{0}`, `{1}` are replaced by the arguments of `t`.
 */
import { PHRASES, fill, langOf, type Lang } from '../src/core/text/phrases';

const viewEn = {
  title: 'Async timeline',
  loading: 'Waiting for a trace…',
  running: 'Running…',
  summaryTotal: 'total {0}',
  summaryBlocked: 'blocked {0}',
  summaryIdle: 'idle {0}',
  summaryPeak: 'peak concurrency {0}',
  summaryWaits: 'sum of waits {0} vs wall time {1}',
  legend: 'Legend',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Whole run',
  timelineLabel: 'Timeline. Arrow keys pan, + and - zoom, 0 shows the whole run.',
  minimapLabel: 'Overview of the whole run; drag to choose the visible range',
  concurrency: 'pending',
  concurrencyTitle: 'Operations pending over time',
  consoleRow: 'console',
  consoleList: 'Console output',
  noConsole: 'No output.',
  eventTable: 'Event table',
  colTime: 'Time',
  colLane: 'Lane',
  colKind: 'Kind',
  colLine: 'Line',
  colText: 'Text',
  moreRows: '{0} more rows not shown',
  showMore: 'Show more',
  tipStart: 'start {0}',
  tipDuration: 'duration {0}',
  tipLine: 'line {0}',
  tipLineIn: 'line {0} of {1}',
  tipTrigger: 'triggered by #{0}',
  tipClick: 'Click to select; in VS Code it opens the line.',
  awaitLine: 'await L{0}',
  blockedFor: 'blocked {0}',
  moreCalls: '+{0} more async calls',
  stepMode: 'Step mode',
  stepPrev: 'Previous step',
  stepNext: 'Next step',
  stepPlay: 'Play',
  stepPause: 'Pause',
  stepSpeed: 'Speed',
  stepRunning: 'Running now',
  explainTitle: 'What happened',
  // Predict, then reveal.
  predictTitle: 'Predict the output',
  predictIntro: 'Before you look: in which order will these lines be printed? Drag them into order, or use the ↑ and ↓ buttons (Alt+↑ and Alt+↓ on a focused line).',
  predictMoreLines: 'Only the first {0} of {1} lines.',
  predictUp: 'Move up: {0}',
  predictDown: 'Move down: {0}',
  predictMoved: '“{0}” is now line {1} of {2}.',
  predictReveal: 'Reveal the real order',
  predictSkip: 'Skip: show the run',
  predictYourGuess: 'Your guess',
  predictActual: 'What Node printed',
  predictScore: 'You placed {0} of {1} lines right.',
  predictRight: 'right',
  predictWrong: 'wrong: it was printed as line {0}',
  predictWhy: 'Why? Step {0}',
  predictWhyLabel: 'Why “{0}” came at line {1}: go to step {2} in step mode',
  compareTitle: 'Compare',
  compareWall: '{0}: wall time {1}',
  compareFaster: '{0} is {1}× faster than {2}',
  compareSame: 'Both take about the same time',
  selected: 'Selected #{0} ({1}); it was triggered by #{2} and triggered {3} callback(s).',
  selectedNoTrigger: 'Selected #{0} ({1}); it triggered {2} callback(s).',
  truncated: 'The recording was truncated: later events are missing.',
  runError: 'The run did not end normally: {0}',
  badTrace: 'This is not a trace this version can show.',
  note: 'What to notice',
  fromPython: 'From Python',
  lanes: 'Lanes',
  tipWait: 'started {0} · its callback ran {1} · waited {2}',
  tipWaitFolded: 'Click the row\'s name to open it: one bar per wait.',
  waitsOpen: 'Show each wait: {0}',
  waitsClose: 'Fold the waits again: {0}',
  startup: 'Node start-up {0}',
  startupTitle: 'Node and the recorder starting up, before the program\'s first line. Click to show it.',
  stillRunning: 'Still running because of: {0}.',
};

const viewKo: Record<keyof typeof viewEn, string> = {
  title: '비동기 타임라인',
  loading: '트레이스를 기다리는 중…',
  running: '실행 중…',
  summaryTotal: '전체 {0}',
  summaryBlocked: '블로킹 {0}',
  summaryIdle: '유휴 {0}',
  summaryPeak: '최대 동시성 {0}',
  summaryWaits: '대기 시간 합계 {0} 대 실제 경과 시간 {1}',
  legend: '범례',
  zoomIn: '확대',
  zoomOut: '축소',
  zoomReset: '전체 보기',
  timelineLabel: '타임라인. 화살표 키로 이동, + 와 - 로 확대/축소, 0 은 전체 보기.',
  minimapLabel: '전체 실행 개요; 드래그해서 보이는 구간을 고르세요',
  concurrency: '대기 중',
  concurrencyTitle: '시간에 따른 대기 중인 작업 수',
  consoleRow: '콘솔',
  consoleList: '콘솔 출력',
  noConsole: '출력 없음.',
  eventTable: '이벤트 표',
  colTime: '시각',
  colLane: '레인',
  colKind: '종류',
  colLine: '줄',
  colText: '내용',
  moreRows: '표시되지 않은 행 {0}개',
  showMore: '더 보기',
  tipStart: '시작 {0}',
  tipDuration: '소요 {0}',
  tipLine: '{0}번째 줄',
  tipLineIn: '{1}의 {0}번째 줄',
  tipTrigger: '#{0} 이(가) 발생시킴',
  tipClick: '클릭해서 선택; VS Code 에서는 해당 줄을 엽니다.',
  awaitLine: 'await {0}줄',
  blockedFor: '블로킹 {0}',
  moreCalls: '비동기 호출 {0}개 더 있음',
  stepMode: '단계 모드',
  stepPrev: '이전 단계',
  stepNext: '다음 단계',
  stepPlay: '재생',
  stepPause: '일시정지',
  stepSpeed: '속도',
  stepRunning: '지금 실행 중',
  explainTitle: '무슨 일이 있었나',
  predictTitle: '출력 순서 예측하기',
  predictIntro: '보기 전에 먼저: 이 줄들이 어떤 순서로 출력될까요? 드래그해서 순서를 정하거나 ↑ ↓ 버튼을 쓰세요 (줄에 포커스가 있을 때 Alt+↑, Alt+↓).',
  predictMoreLines: '{1}줄 중 처음 {0}줄만 있습니다.',
  predictUp: '위로 이동: {0}',
  predictDown: '아래로 이동: {0}',
  predictMoved: '“{0}” 은(는) 이제 {2}줄 중 {1}번째 줄입니다.',
  predictReveal: '실제 순서 보기',
  predictSkip: '건너뛰고 실행 결과 보기',
  predictYourGuess: '내 예측',
  predictActual: 'Node 가 출력한 순서',
  predictScore: '{1}줄 중 {0}줄을 맞혔습니다.',
  predictRight: '맞음',
  predictWrong: '틀림: 실제로는 {0}번째 줄에 출력됨',
  predictWhy: '왜? {0}단계',
  predictWhyLabel: '“{0}” 이(가) {1}번째 줄에 나온 이유: 단계 모드의 {2}단계로 이동',
  compareTitle: '비교',
  compareWall: '{0}: 실제 경과 시간 {1}',
  compareFaster: '{0} 이(가) {2} 보다 {1}배 빠릅니다',
  compareSame: '두 실행의 시간이 거의 같습니다',
  selected: '#{0} ({1}) 선택됨; #{2} 이(가) 발생시켰고 콜백 {3}개를 발생시켰습니다.',
  selectedNoTrigger: '#{0} ({1}) 선택됨; 콜백 {2}개를 발생시켰습니다.',
  truncated: '기록이 잘렸습니다: 이후 이벤트가 없습니다.',
  runError: '실행이 정상적으로 끝나지 않았습니다: {0}',
  badTrace: '이 버전이 보여줄 수 없는 트레이스입니다.',
  note: '눈여겨볼 점',
  fromPython: '파이썬과 비교',
  lanes: '레인',
  tipWait: '{0}에 시작 · 콜백은 {1}에 실행 · {2} 기다림',
  tipWaitFolded: '행 이름을 클릭하면 펼쳐집니다: 대기마다 막대 하나.',
  waitsOpen: '대기를 하나씩 보기: {0}',
  waitsClose: '대기를 다시 접기: {0}',
  startup: 'Node 시작 {0}',
  startupTitle: '프로그램의 첫 줄 전에 Node 와 기록기가 시작하는 시간입니다. 클릭하면 보입니다.',
  stillRunning: '아직 실행 중인 이유: {0}.',
};

const en = { ...PHRASES.en, ...viewEn };
export type StringKey = keyof typeof en;
const ko: Record<StringKey, string> = { ...PHRASES.ko, ...viewKo };

const tables: Record<Lang, Record<StringKey, string>> = { en, ko };
let current: Lang = 'en';

/** Chooses the language (`ko`, `ko-KR` → Korean; anything else → English); returns it. */
export function setLocale(locale: string | undefined): Lang {
  current = langOf(locale);
  return current;
}

/** The current language (for the core's texts of explanations and steps). */
export function lang(): Lang {
  return current;
}

/** The string for `key` in the current language, with `{n}` placeholders filled. */
export function t(key: StringKey, ...args: (string | number)[]): string {
  return fill(tables[current][key] ?? en[key], args);
}

/** Both tables, for the test that checks they have the same keys. */
export const stringTables = tables;
