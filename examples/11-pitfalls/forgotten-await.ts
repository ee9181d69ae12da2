// Lesson 11 · Pitfall: a forgotten await. main() says "saved" before the save has happened,
// and an error inside save() would go unnoticed. The timeline shows save() still running after
// main() has returned.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function save(data: string): Promise<void> {
  await sleep(100); // writing to a database
  console.log(`stored ${data}`);
}

async function main(): Promise<void> {
  save('profile'); // ← missing await
  console.log('main: saved!'); // not true yet
}

await main();
