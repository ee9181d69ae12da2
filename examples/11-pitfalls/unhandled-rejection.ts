// Lesson 11 · Pitfall: an unhandled rejection. The promise fails and nothing awaits or .catch()es
// it: Node stops the program. Fix: `await` it inside try/catch, or add .catch().
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function loadConfig(): Promise<string> {
  await sleep(50);
  throw new Error('config file not found');
}

loadConfig(); // ← nobody handles the failure
setTimeout(() => console.log('this line never runs'), 200);
