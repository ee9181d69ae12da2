// Lesson 3 · Concurrent awaits. All three requests start at once and wait together: ≈ 200 ms.
// Compare with sequential.ts: same work, about 3x faster.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function fetchUser(id: number): Promise<string> {
  await sleep(200); // a pretend network round trip
  return `user${id}`;
}

const users = await Promise.all([1, 2, 3].map(fetchUser)); // start all, then wait for all
console.log(users.join(', '));
