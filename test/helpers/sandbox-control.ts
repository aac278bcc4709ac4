/** A simulator's control route (`/__sandbox/<route>`): GET without a body, POST with one; a refusal throws. */
export async function control<T = unknown>(base: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/__sandbox/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`control ${route}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
