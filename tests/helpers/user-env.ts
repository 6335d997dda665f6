/**
 * The environment a reader's shell gives a command the tests start (a build, npm ci, npm start):
 * without what Vitest sets (NODE_ENV=test, MODE, DEV, PROD, SSR, BASE_URL, TEST, VITEST*), which would
 * make Vite build something else than `npm run build` does, and without the outer npm run's npm_*.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const vitest = new Set(['NODE_ENV', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'TEST']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !vitest.has(k) && !/^(VITEST|npm_)/i.test(k)));
}
