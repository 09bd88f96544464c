// What a page may ask of the service worker (sw.ts posts it, service-worker/index.ts answers).

/** "Take this page": a page loaded while the worker was still activating (or by a reload that
 * bypassed it) stays uncontrolled, and an offline reload of it would then fail. */
export const SW_CLAIM = 'phongthi-claim';
