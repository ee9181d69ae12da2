// Lesson 3 · Sequential awaits. Each request waits for the previous one: 3 × 200 ms.
// Compare with concurrent.ts.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function fetchUser(id: number): Promise<string> {
  await sleep(200); // a pretend network round trip
  return `user${id}`;
}

const users: string[] = [];
for (const id of [1, 2, 3]) {
  users.push(await fetchUser(id)); // waits here before asking for the next one
}
console.log(users.join(', '));
