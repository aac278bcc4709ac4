/** What the simulator logged, read through its control routes. */

/** The taskIds of the blue submit calls the simulator logged, in order. */
export async function blueSubmitTaskIds(h: { control(route: string): Promise<any> }): Promise<string[]> {
  const calls: Array<{ path: string; params: Record<string, string> }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('blue-invoice/submit')).map((call) => call.params.taskId!);
}
