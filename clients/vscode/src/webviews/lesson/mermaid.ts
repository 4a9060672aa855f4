/** Loads Mermaid into the lesson webview (a separate, deferred script: the lesson text renders
 * before this large bundle has been parsed) and announces it to the lesson script. */
import mermaid from 'mermaid';

(globalThis as { auraMermaid?: typeof mermaid }).auraMermaid = mermaid;
window.dispatchEvent(new Event('aura-mermaid-ready'));
