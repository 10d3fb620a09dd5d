// The live plot page: a figure snapshot, then frames, relayouts and restyles from the server's
// event stream (GET /~USER/N/events), drawn with plotly.js. Updates use the same path rules as
// the server (Plots/JsonPath.cs), so every viewer holds exactly the server's figure.
'use strict';

(function () {
  const root = document.getElementById('plot');
  const plotPath = root.dataset.plotPath;
  const owner = root.dataset.owner;
  const statusLabel = document.getElementById('status');
  const figure = { data: [], layout: {} };
  // Read by the browser tests: when each render finished and what it showed.
  const viewer = window.streamViewer = { figure: figure, renders: [], events: 0, lastEventId: null };
  let revision = 0;
  let rendering = false;
  let renderAgain = false;

  function getPath(target, path) {
    return path.split('.').reduce((node, part) => (node !== null && typeof node === 'object' ? node[part] : undefined), target);
  }

  function setPath(target, path, value) {
    const parts = path.split('.');
    let container = target;
    for (const part of parts.slice(0, -1)) {
      if (container[part] === null || typeof container[part] !== 'object' || Array.isArray(container[part])) {
        container[part] = {};
      }
      container = container[part];
    }
    container[parts[parts.length - 1]] = value;
  }

  function removePath(target, path) {
    const parts = path.split('.');
    const container = parts.length === 1 ? target : getPath(target, parts.slice(0, -1).join('.'));
    if (container !== null && typeof container === 'object') {
      delete container[parts[parts.length - 1]];
    }
  }

  function applyUpdate(target, update) {
    for (const [path, value] of Object.entries(update)) {
      if (value === null) {
        removePath(target, path);
      } else {
        setPath(target, path, structuredClone(value));
      }
    }
  }

  function maxPointsOf(trace) {
    const maxPoints = trace.stream && trace.stream.maxpoints;
    return typeof maxPoints === 'number' ? maxPoints : 500;
  }

  function applyFrame(frame) {
    for (const change of frame.traces) {
      const trace = figure.data[change.index];
      if (!trace) {
        continue;
      }
      const maxPoints = maxPointsOf(trace);
      for (const [path, values] of Object.entries(change.extend)) {
        let column = getPath(trace, path);
        if (!Array.isArray(column)) {
          column = [];
          setPath(trace, path, column);
        }
        column.push(...values);
        if (column.length > maxPoints) {
          column.splice(0, column.length - maxPoints);
        }
      }
      for (const [path, values] of Object.entries(change.set)) {
        setPath(trace, path, values);
      }
    }
  }

  function lastOf(column) {
    return Array.isArray(column) && column.length > 0 ? column[column.length - 1] : null;
  }

  // One Plotly.react at a time; events that arrive meanwhile are drawn by the next one.
  function render() {
    if (rendering) {
      renderAgain = true;
      return;
    }
    rendering = true;
    revision += 1;
    figure.layout.datarevision = revision;
    if (figure.layout.uirevision === undefined) {
      figure.layout.uirevision = 'keep-zoom';
    }
    Plotly.react(root, figure.data, figure.layout, { responsive: true, displaylogo: false }).then(() => {
      viewer.renders.push({ at: Date.now(), lastX: figure.data.map(trace => lastOf(trace.x)), lastEventId: viewer.lastEventId });
      if (viewer.renders.length > 2000) {
        viewer.renders.splice(0, 1000);
      }
    }).finally(() => {
      rendering = false;
      if (renderAgain) {
        renderAgain = false;
        render();
      }
    });
  }

  function on(type, apply) {
    source.addEventListener(type, event => {
      apply(JSON.parse(event.data));
      viewer.events += 1;
      viewer.lastEventId = event.lastEventId;
      render();
    });
  }

  function setStatus(text) {
    if (statusLabel) {
      statusLabel.textContent = text;
    }
  }

  // EventSource reconnects by itself and sends Last-Event-ID, so the server resumes without a gap.
  const source = new EventSource(plotPath + '/events');
  source.onopen = () => setStatus('live');
  source.onerror = () => setStatus('reconnecting…');
  on('figure', snapshot => {
    figure.data = snapshot.data;
    figure.layout = snapshot.layout;
  });
  on('frame', applyFrame);
  on('relayout', update => applyUpdate(figure.layout, update));
  on('restyle', message => message.traces.forEach(index => applyUpdate(figure.data[index], message.update)));

  // Share links and the owner's edit form (not on the embeddable page).
  const shareLink = document.getElementById('share-link');
  if (shareLink) {
    shareLink.value = location.origin + plotPath;
    document.getElementById('embed-code').value =
      '<iframe src="' + location.origin + plotPath + '.embed" width="800" height="450" style="border:0"></iframe>';
  }

  const form = document.getElementById('edit-form');
  if (form) {
    const result = document.getElementById('edit-result');
    const send = (kind, body) => {
      const key = document.getElementById('edit-key').value;
      fetch(plotPath + '/' + kind, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + btoa(owner + ':' + key) },
        body: JSON.stringify(body),
      }).then(response => response.json()).then(answer => {
        result.textContent = answer.error || 'Saved: every viewer sees it now.';
      }, error => {
        result.textContent = 'Not saved: ' + error.message;
      });
    };
    const parse = (id, then) => {
      try {
        then(JSON.parse(document.getElementById(id).value || '{}'));
      } catch (error) {
        result.textContent = 'Not JSON: ' + error.message;
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      send('layout', { 'title.text': document.getElementById('edit-title').value });
    });
    document.getElementById('edit-layout-apply').addEventListener('click', () => parse('edit-layout', update => send('layout', update)));
    document.getElementById('edit-style-apply').addEventListener('click', () => parse('edit-style', update => {
      const traces = document.getElementById('edit-traces').value.split(',').map(s => s.trim()).filter(s => s !== '').map(Number);
      send('restyle', traces.length > 0 ? { update: update, traces: traces } : { update: update });
    }));
  }
}());
