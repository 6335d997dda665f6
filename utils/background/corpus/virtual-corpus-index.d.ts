/** The corpus index the build computes (wxt.config.ts, plugin corpusIndexShipped). */
declare module 'virtual:corpus-index' {
  import type { ShippedCorpus } from './shipped-index';
  const shipped: ShippedCorpus;
  export default shipped;
}
