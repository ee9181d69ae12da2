// Lesson 11 · Pitfall: a promise that never settles (deadlock-like). waitForReady() waits for an
// event that is never emitted, so main() stays suspended at its await forever, and the program
// just ends with work unfinished. The timeline shows an await that never resumes.
import { EventEmitter } from 'node:events';

const db = new EventEmitter();

function waitForReady(): Promise<void> {
  return new Promise((resolve) => db.once('ready', () => resolve())); // 'ready' never comes
}

async function main(): Promise<void> {
  console.log('waiting for the database…');
  await waitForReady(); // ← suspended here for good
  console.log('connected'); // never printed
}

main();
