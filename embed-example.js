// The embedding example's script: drives the first figure through podplay's postMessage API.
// It sends {podplay: 1, type: ...} messages to the iframe and shows what podplay tells back
// (ready, state, output, resize, error).
'use strict';

(() => {
  const frame = document.getElementById('driven');
  const stateEl = document.getElementById('state');
  const outputEl = document.getElementById('output');
  const buttons = document.querySelectorAll('[data-send]');
  if (!frame) return;

  // Only this page may drive the figure: podplay ignores messages from any other origin.
  const src = frame.dataset.src ?? '';
  const origin = window.location.origin;
  frame.src = origin && origin !== 'null' ? `${src}&origin=${encodeURIComponent(origin)}` : src;
  const podplayOrigin = new URL(src, window.location.href).origin;

  function send(message) {
    frame.contentWindow?.postMessage({ podplay: 1, ...message }, podplayOrigin === 'null' ? '*' : podplayOrigin);
  }

  function clock(ms) {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  function showState(msg) {
    const pods = msg.pods.length
      ? msg.pods.map((p) => `${p.name} ${p.status}${p.ready ? ' (ready)' : ''}`).join(', ')
      : 'no pods';
    const when = msg.live ? '' : ' (looking back)';
    stateEl.textContent = `${clock(msg.time)}${when}, ${msg.playing ? 'playing' : 'paused'}: ${pods}`;
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    const msg = event.data;
    if (!msg || msg.podplay !== 1) return;
    switch (msg.type) {
      case 'ready':
        for (const b of buttons) b.disabled = false;
        // The first message tells podplay this page listens; state and output follow.
        send({ type: 'hello' });
        break;
      case 'state':
        showState(msg);
        break;
      case 'output':
        outputEl.textContent = [`$ ${msg.line}`, ...msg.lines].join('\n');
        break;
      case 'resize':
        frame.style.height = `${Math.min(Math.max(msg.height, 320), 900)}px`;
        break;
      case 'error':
        outputEl.textContent = `error: ${msg.message}`;
        break;
      default:
        break;
    }
  });

  // The other figures are only sized: each tells its content's height as it changes.
  const others = [...document.querySelectorAll('iframe')].filter((f) => f !== frame);
  window.addEventListener('message', (event) => {
    const figure = others.find((f) => f.contentWindow === event.source);
    const msg = event.data;
    if (!figure || !msg || msg.podplay !== 1 || msg.type !== 'resize') return;
    figure.style.height = `${Math.min(Math.max(msg.height, 240), 1200)}px`;
  });

  for (const button of buttons) {
    button.addEventListener('click', () => {
      const type = button.dataset.send;
      send(type === 'run' ? { type, line: button.dataset.line } : { type });
    });
  }
})();
