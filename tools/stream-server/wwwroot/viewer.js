// The live plot page: a figure snapshot, then frames, relayouts and restyles from the server's
// event stream (GET /p/ID/events), drawn with plotly.js. Updates use the same path rules as
// the server (Plots/JsonPath.cs), so every viewer holds exactly the server's figure.
'use strict';

(function () {
  const root = document.getElementById('plot');
  const plotPath = root.dataset.plotPath;
  const owner = root.dataset.owner;
  const statusLabel = document.getElementById('status');
  const readoutPanel = document.getElementById('readouts');
  const figure = { data: [], layout: {} };
  // Read by the browser tests. renders: when each render finished and what it showed, and the grid line of the server's
  // clock it was drawn for (line), when that line was due on performance.now() (due) and the sample of the server's
  // clock that said so (clock; null: the browser's own clock). clock: the sample the page goes by now (serverNow);
  // clockSamples: those it chooses from. startupAsksLeft: the start-up asks of the server's clock not yet answered.
  // wavePoints: per waveform trace, how many points its canvas shows. opens: event streams opened (the first and each
  // reopened one); retryMilliseconds: the wait before the last reopen after a refusal; pings: the server's pings heard.
  // drawsBegun: draws begun, counted as each begins (renders lists them once drawn, which may be a while later).
  const viewer = window.streamViewer = { figure: figure, renders: [], drawsBegun: 0, events: 0, lastEventId: null, state: 'connecting', wavePoints: {}, opens: 0, retryMilliseconds: 0, pings: 0, drawFailures: 0, drawError: null, clock: null };
  let revision = 0; // of the layout a whole draw hands plotly.js
  let draws = 0;
  let drawing = false; // a draw is running
  let scheduled = false; // a draw waits for its grid line
  let dirty = false; // the figure changed since the last draw began
  let drawCost = 0; // smoothed duration of one draw, ms
  let wholeDrawNeeded = true; // a snapshot, relayout, restyle, replaced column or a trace's first point: the next draw is a Plotly.react

  // The server refuses these parts (Values/AttributePath.cs); the page never follows them either, so
  // no update can reach Object.prototype and change every object on the page.
  const forbiddenParts = new Set(['__proto__', 'constructor', 'prototype']);

  function isSafePath(path) {
    return path.split('.').every(part => part !== '' && !forbiddenParts.has(part));
  }

  // A path names object members only, as on the server (Plots/JsonPath.cs): an array on the way is a value, which a
  // path neither indexes nor removes an element of ("xaxis.range.1": null removes nothing), and which setPath replaces
  // with an object.
  function isContainer(node) {
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  }

  function getPath(target, path) {
    return path.split('.').reduce((node, part) => (isContainer(node) && Object.hasOwn(node, part) ? node[part] : undefined), target);
  }

  function setPath(target, path, value) {
    const parts = path.split('.');
    let container = target;
    for (const part of parts.slice(0, -1)) {
      if (!isContainer(container[part])) {
        container[part] = {};
      }
      container = container[part];
    }
    container[parts[parts.length - 1]] = value;
  }

  function removePath(target, path) {
    const parts = path.split('.');
    const container = parts.length === 1 ? target : getPath(target, parts.slice(0, -1).join('.'));
    if (isContainer(container)) {
      delete container[parts[parts.length - 1]];
    }
  }

  function applyUpdate(target, update) {
    for (const [path, value] of Object.entries(update)) {
      if (!isSafePath(path)) {
        continue;
      }
      if (value === null) {
        removePath(target, path);
      } else {
        setPath(target, path, structuredClone(value));
      }
    }
  }

  // The server sends every streamed trace's stream.maxpoints as it keeps to it (Plots/StreamSettings.cs, the one rule).
  // A trace without one (an older server's figure, relayed in a cluster upgraded node by node) is kept to what the server
  // keeps when none is named: its default, which the page carries (data-max-points), not a number of the page's own.
  const defaultMaxPoints = Number(root.dataset.maxPoints);
  function maxPointsOf(trace) {
    const maxPoints = trace.stream && trace.stream.maxpoints;
    return typeof maxPoints === 'number' ? maxPoints : defaultMaxPoints;
  }

  // Appended points go into the trace's own arrays (trimmed to its maxpoints), which plotly.js draws from; a replaced
  // column, a new one or a trace's first point needs the whole figure drawn again.
  function applyFrame(frame) {
    for (const change of frame.traces) {
      const trace = figure.data[change.index];
      if (!trace) {
        continue;
      }
      const maxPoints = maxPointsOf(trace);
      for (const [path, values] of Object.entries(change.extend)) {
        if (!isSafePath(path)) {
          continue;
        }
        let column = getPath(trace, path);
        if (!Array.isArray(column)) {
          column = [];
          setPath(trace, path, column);
          wholeDrawNeeded = true;
        }
        if (column.length === 0 && values.length > 0) {
          // A trace's first point: plotly.js lists a trace in the legend, and makes room for the legend, only at a whole
          // draw once it has points. Drawn by frames, the plot kept the width it had without the legend, and its axes
          // the padding for that width, where a page opened later shows another (once a trace, so it costs nothing per frame).
          wholeDrawNeeded = true;
        }
        column.push(...values);
        if (column.length > maxPoints) {
          column.splice(0, column.length - maxPoints);
        }
      }
      for (const [path, values] of Object.entries(change.set)) {
        if (isSafePath(path)) {
          setPath(trace, path, values);
          wholeDrawNeeded = true;
        }
      }
    }
  }

  function lastOf(column) {
    return Array.isArray(column) && column.length > 0 ? column[column.length - 1] : null;
  }

  // Every viewer draws on the same grid of the server's wall clock (serverNow), a line every frame interval of the server
  // (the page's data-grid-ms; its frames go out halfway between the lines), so viewers show the same frame at the same moment. Where a
  // draw costs more than half of that, the page draws on every other line (10 frames a second): still lines the faster viewers draw on, and half of the page's time
  // stays for zoom, hover and other tabs. A draw that begins late because the machine is busy counts its lateness as
  // cost, so a page short of CPU also draws every other line and leaves the CPU to the rest. Each draw shows the newest figure; events that arrive meanwhile only
  // change it. A hidden tab draws nothing until it is shown again.
  const gridMilliseconds = Number(root.dataset.gridMs);

  // The browser's wall clock may be off from the server's by any amount, which would put its lines anywhere in the
  // server's cells. So the page keeps the server's clock as an offset from performance.now() (no wall clock step moves
  // that), found NTP's way: each ask of the streams' state takes the answer's "now" for the middle of its round trip,
  // and of the answers of the last 20 s the one with the shortest trip counts (queueing only lengthens a trip; half of
  // it bounds the error). tools/stream-server/README.md says why not a frame's own send instant.
  //
  // Unless a clock moved since. A laptop that slept: performance.now() stood still while the wall clocks ran on
  // (Chrome), which the browser's wall clock minus performance.now() shows at once. A server's clock that was stepped:
  // the answer's offset moves by the step, where two answers of an unmoved clock differ by up to half of both trips.
  // Either way every answer heard before, however short its trip, is off by the sleep or the step: they are dropped.
  const clockWindowMilliseconds = 20000;
  const clockJumpMilliseconds = 1000;
  const clockSamples = viewer.clockSamples = [];
  let clock = null; // the sample in use; its offset: the server's Unix ms minus performance.now(). Until the first answer, the browser's clock

  function serverNow() {
    return clock === null ? Date.now() : performance.now() + clock.offset;
  }

  function heardServerClock(asked, answered, serverTime) {
    if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) {
      return;
    }
    const [sentAt, answeredAt] = networkRoundTrip(asked, answered);
    const sample = { at: answeredAt, roundTrip: answeredAt - sentAt, offset: serverTime - (sentAt + answeredAt) / 2, wall: Date.now() - performance.now() };
    const last = clockSamples[clockSamples.length - 1];
    if (last !== undefined && (Math.abs(sample.wall - last.wall) > clockJumpMilliseconds
        || Math.abs(sample.offset - last.offset) > clockJumpMilliseconds + (sample.roundTrip + last.roundTrip) / 2)) {
      clockSamples.length = 0;
    }
    clockSamples.push(sample);
    while (answeredAt - clockSamples[0].at > clockWindowMilliseconds) {
      clockSamples.shift();
    }
    clock = viewer.clock = clockSamples.reduce((best, sample) => (sample.roundTrip < best.roundTrip ? sample : best));
  }

  // The browser's network code times a request as it leaves and its answer as it arrives (Resource Timing), without
  // the waits of a busy page on either side: when exactly one request of the streams' state lies within this ask,
  // its times are the round trip. The entries are cleared as they are read, so they never fill the browser's buffer.
  const streamsAddress = new URL(plotPath + '/streams', location.href).href;

  function networkRoundTrip(asked, answered) {
    const inside = performance.getEntriesByName(streamsAddress, 'resource')
      .filter(entry => entry.requestStart >= asked && entry.responseStart > entry.requestStart && entry.responseStart <= answered);
    performance.clearResourceTimings();
    return inside.length === 1 ? [inside[0].requestStart, inside[0].responseStart] : [asked, answered];
  }

  function render() {
    dirty = true;
    if (drawing || scheduled || document.hidden) {
      return;
    }
    const interval = drawCost > gridMilliseconds / 2 ? 2 * gridMilliseconds : gridMilliseconds;
    const now = serverNow();
    const line = Math.ceil(now / interval) * interval;
    // When the line is due on performance.now(): lateness is measured there, so a new offset meanwhile is not lateness.
    const aim = { line: line, due: performance.now() + line - now, clock: clock };
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (!document.hidden) {
        draw(aim);
      }
    }, line - now);
  }

  // The page's own defaults, under the figure's layout: whatever the owner set wins.
  function layoutToDraw() {
    const layout = structuredClone(figure.layout);
    revision += 1;
    layout.datarevision = revision;
    if (layout.uirevision === undefined) {
      layout.uirevision = 'keep-zoom';
    }
    for (const [name, range] of Object.entries(waves.axisRanges())) {
      layout[name] = Object.assign(layout[name] || {}, range);
    }
    return layout;
  }

  // A frame of appended points is drawn as a plotly.js animation frame without transition: the changed traces are
  // computed and drawn again, and nothing else of the figure is rebuilt (Plotly.react redraws everything, which costs
  // several times as much and forces layout after layout). plotly.js leaves autoranging to the full draw on this path,
  // though the frame has worked out each trace's extent on its axes as a whole draw does (markers' and lines' padding,
  // fill to zero, log, dates). So once the frame is drawn the page hands Plotly.relayout the autorange of each axis
  // plotly.js autoranges ('reversed' and the other kinds as they are), in one call with the ranges the pulse canvas
  // wants: plotly.js ranges them as a whole draw of the same figure would, on every page alike, and draws the axes and
  // the traces on them. The axis goes on autoranging, and a viewer's zoom or pan, which clears that, holds until a
  // double click gives it back. Not in the frame's layout: plotly.js then sets it by a relayout of its own on the next
  // browser frame, which a window the browser does not paint never gets. The traces' arrays already hold the new points.
  function drawAppended() {
    waves.refreshStandIns();
    const fullLayout = root._fullLayout;
    const fullData = root._fullData;
    // Only scatter traces are drawn by a frame; a category axis's categories are worked out by a whole draw.
    if (fullData.some(trace => trace.visible === true && trace.type !== 'scatter')) {
      return null;
    }
    const relayout = {};
    for (const [name, { range }] of Object.entries(waves.axisRanges())) {
      const axis = fullLayout[name];
      if (axis && (axis.r2l(axis.range[0]) !== axis.r2l(range[0]) || axis.r2l(axis.range[1]) !== axis.r2l(range[1]))) {
        relayout[name + '.range'] = range;
      }
    }
    for (const name of Object.keys(fullLayout)) {
      const axis = fullLayout[name];
      if (/^[xy]axis[0-9]*$/.test(name) && axis.autorange !== false && relayout[name + '.range'] === undefined) {
        if (axis.type === 'category' || axis.type === 'multicategory') {
          return null;
        }
        relayout[name + '.autorange'] = axis.autorange;
      }
    }
    // Every trace: the shared time axis moves them all, and a subplot drawn without its traces loses them.
    const traces = figure.data.map((trace, index) => index);
    // Done when plotly.js has drawn the frame: it draws right after it says 'plotly_transitioning', in the same
    // microtask, so a microtask queued then runs when the drawing is done. Its 'plotly_transitioned', a timer later,
    // is the fallback, and a second after the page gives up waiting.
    return new Promise(resolve => {
      transitioned = resolve;
      Plotly.animate(root, { data: traces.map(() => ({})), traces: traces }, {
        mode: 'immediate',
        frame: { duration: 0, redraw: false },
        transition: { duration: 0 },
      }).catch(() => {});
      // Should plotly.js never say it drew (a frame it refused), the page still draws on.
      setTimeout(() => {
        if (transitioned === resolve) {
          drawnAppended();
        }
      }, 1000);
    }).then(() => (Object.keys(relayout).length > 0 ? Plotly.relayout(root, relayout) : undefined));
  }

  let transitioned = null;
  let listening = false;

  function drawnAppended() {
    stopAnimationLoop();
    if (transitioned !== null) {
      const resolve = transitioned;
      transitioned = null;
      resolve();
    }
  }

  // Plotly.animate draws its first frame at once, then keeps a loop of browser frames (requestAnimationFrame) running
  // until the next one, and a frame given while that loop runs waits for it. A window the browser does not paint (behind
  // another, or a tab in the background) gets no browser frames, and its draws would stall. Each frame here is the
  // only one, so the loop is ended once it is drawn, and the next frame is drawn at once again. (plotly.js 4.1.2 keeps
  // the loop in _transitionData._animationRaf; the promise of an animation ended so never settles, and none is waited on.)
  function stopAnimationLoop() {
    const animation = root._transitionData;
    if (animation && animation._animationRaf && animation._frameQueue && animation._frameQueue.length === 0) {
      window.cancelAnimationFrame(animation._animationRaf);
      animation._animationRaf = null;
    }
  }

  // plotly.js gives the plot its event methods at its first draw.
  function listenForTransitions() {
    if (!listening && root.on) {
      listening = true;
      root.on('plotly_transitioning', () => queueMicrotask(drawnAppended));
      root.on('plotly_transitioned', drawnAppended);
      root.on('plotly_afterplot', () => waves.paint());
    }
  }

  // aim: the grid line the draw is for (render). A page that begins its draws late is short of CPU, which costs it as
  // much as a slow draw does.
  function draw(aim) {
    viewer.drawsBegun += 1;
    drawing = true;
    dirty = false;
    const started = performance.now();
    const lateMilliseconds = started - aim.due;
    // What this draw shows, taken now: events may change the figure before the promise settles.
    const shown = { lastX: figure.data.map(trace => lastOf(trace.x)), lastEventId: viewer.lastEventId };
    let drawn;
    try {
      drawn = wholeDrawNeeded || !root._fullLayout ? null : waves.plotlyUnchanged() ? Promise.resolve() : drawAppended();
      if (drawn === null) {
        drawn = Plotly.react(root, waves.plotlyData(), layoutToDraw(), { responsive: true, displaylogo: false });
        listenForTransitions();
      }
      wholeDrawNeeded = false;
    } catch (error) {
      // plotly.js refused the figure (an owner's layout value it cannot draw, say): the page keeps its last drawing and
      // draws the whole figure again at the next change, which may be the owner's fix. It never stops drawing.
      drawn = Promise.reject(error);
      wholeDrawNeeded = true;
    }
    showReadouts();
    drawn.then(() => {
      waves.paint();
      const took = performance.now() - started;
      viewer.renders.push({ at: Date.now(), took: took, line: aim.line, due: aim.due, clock: aim.clock, lastX: shown.lastX, lastEventId: shown.lastEventId });
      if (viewer.renders.length > 2000) {
        viewer.renders.splice(0, 1000);
      }
      // The first draw builds the whole plot once; later ones say what a frame costs.
      draws += 1;
      if (draws > 1) {
        const cost = took + lateMilliseconds;
        drawCost = drawCost === 0 ? cost : 0.8 * drawCost + 0.2 * cost;
      }
    }, error => {
      viewer.drawFailures += 1;
      viewer.drawError = String(error && error.message ? error.message : error);
      wholeDrawNeeded = true;
    }).finally(() => {
      drawing = false;
      if (dirty) {
        render();
      }
    });
  }

  function axisName(id) {
    return id.charAt(0) + 'axis' + id.slice(1);
  }

  // A value as plotly.js plots it on the axis (its d2l: on a linear axis a number string such as "88" is 88, as the
  // server takes it, and text that is no number is a gap), or null. Without the axis (before the first draw): numbers only.
  function plotted(axis, value) {
    const number = axis ? axis.d2l(value) : value;
    return typeof number === 'number' && Number.isFinite(number) ? number : null;
  }

  // The y axis plotly.js drew trace INDEX on, or undefined.
  function yAxisOf(index) {
    const full = root._fullData && root._fullData[index];
    return full && typeof full.yaxis === 'string' && root._fullLayout ? root._fullLayout[axisName(full.yaxis)] : undefined;
  }

  const waves = createWaveCanvas();

  // The pulse row on a canvas. A waveform (a trace the figure marks meta.waveform) gets points every frame, and plotly.js
  // can only draw a frame by working out the whole figure again (about half of a frame's 22-28 ms of CPU, see
  // tests/StreamServer.ViewerBenchmark/README.md). So plotly.js keeps the row's axes, grid and legend and draws a stand-in
  // without a line (the window's first and last x, so the axis keeps its type), and the page draws the wave on a canvas
  // laid over the row's plot area, in the colour and width plotly.js works out for the trace (an owner's restyle wins).
  // plotly.js draws again only when something it shows changed: a reading got a point, or an axis range moved. The
  // ranges of a waveform's axes the owner leaves to autorange are the page's: y holds its range while the wave stays
  // inside it and fills enough of it, so a steady wave moves no axis; x is the window, and plotly.js's time axis follows
  // it at most once a second (its labels lag the wave by up to that).
  function createWaveCanvas() {
    const timeAxisFollowMilliseconds = 1000;
    // y: the range is set again when the wave leaves it or fills less than this share of it, with this margin around the wave.
    const leastFill = 0.5;
    const margin = 0.1;
    const pixelRatio = window.devicePixelRatio || 1;
    const canvases = new Map(); // trace index -> { canvas, context, box }
    let given = {}; // axis name -> { range, at }: what plotly.js was last asked to show
    let readingsDrawn = ''; // the readings' newest points when plotly.js last drew

    function waveIndices() {
      const indices = [];
      figure.data.forEach((trace, index) => {
        if (isWaveform(trace) && trace.visible !== false && trace.visible !== 'legendonly') {
          indices.push(index);
        }
      });
      return indices;
    }

    function ends(column) {
      return Array.isArray(column) && column.length > 0 ? [column[0], column[column.length - 1]] : [];
    }

    function standIn(trace) {
      const x = ends(trace.x);
      return Object.assign({}, trace, { x: x, y: x.map(() => null) });
    }

    // What plotly.js is given: the figure's own traces, stand-ins for the waveforms.
    function plotlyData() {
      return figure.data.map(trace => (isWaveform(trace) ? standIn(trace) : trace));
    }

    // The frame path: the stand-ins plotly.js holds follow their waveform's window.
    function refreshStandIns() {
      for (const index of waveIndices()) {
        const shown = root.data && root.data[index];
        if (shown && shown !== figure.data[index]) {
          shown.x = ends(figure.data[index].x);
          shown.y = shown.x.map(() => null);
        }
      }
    }

    function readingsSignature() {
      return figure.data.map(trace => (isWaveform(trace) ? '' : (Array.isArray(trace.x) ? trace.x.length : 0) + ':' + lastOf(trace.x) + ':' + lastOf(trace.y))).join('|');
    }

    function ownerAutoranges(axis) {
      return axis === undefined || axis === null || axis.autorange === true || !Array.isArray(axis.range);
    }

    function numberRange(values, axis) {
      let low = Infinity;
      let high = -Infinity;
      for (const value of values) {
        const number = plotted(axis, value);
        if (number !== null) {
          low = Math.min(low, number);
          high = Math.max(high, number);
        }
      }
      return high >= low ? [low, high] : null;
    }

    // The ranges the page sets on the waveforms' axes the owner leaves to autorange, as they should be now.
    function wantedRanges() {
      const now = performance.now(); // a duration: a wall clock stepped back must not freeze the time axis
      const wanted = {};
      for (const index of waveIndices()) {
        const trace = figure.data[index];
        const xName = axisName(trace.xaxis || 'x');
        const yName = axisName(trace.yaxis || 'y');
        const timeWindow = ends(trace.x);
        if (ownerAutoranges(figure.layout[xName]) && timeWindow.length === 2 && timeWindow[0] !== timeWindow[1]) {
          const held = given[xName];
          wanted[xName] = held && now - held.at < timeAxisFollowMilliseconds ? held : { range: timeWindow, at: now };
        }
        const wave = Array.isArray(trace.y) ? numberRange(trace.y, root._fullLayout && root._fullLayout[yName]) : null;
        if (ownerAutoranges(figure.layout[yName]) && wave !== null) {
          const held = given[yName];
          const fits = held && wave[0] >= held.range[0] && wave[1] <= held.range[1]
            && wave[1] - wave[0] >= leastFill * (held.range[1] - held.range[0]);
          const span = wave[1] - wave[0] || Math.abs(wave[0]) || 1;
          wanted[yName] = fits ? held : { range: [wave[0] - margin * span, wave[1] + margin * span], at: now };
        }
      }
      return wanted;
    }

    // True when plotly.js has nothing new to draw: the readings got no point and no waveform axis moved.
    function plotlyUnchanged() {
      if (readingsSignature() !== readingsDrawn) {
        return false;
      }
      const wanted = wantedRanges();
      const names = Object.keys(wanted);
      return names.length === Object.keys(given).length && names.every(name => wanted[name] === given[name]);
    }

    // The ranges to hand plotly.js on this draw (it is about to draw). Not autorange, even where the owner asked for it:
    // plotly.js would range the stand-in, which has no wave.
    function axisRanges() {
      given = wantedRanges();
      readingsDrawn = readingsSignature();
      const ranges = {};
      for (const [name, held] of Object.entries(given)) {
        ranges[name] = { range: held.range.slice(), autorange: false };
      }
      return ranges;
    }

    function canvasFor(index) {
      let entry = canvases.get(index);
      if (entry === undefined) {
        const canvas = document.createElement('canvas');
        canvas.className = 'wave';
        root.appendChild(canvas);
        entry = { canvas: canvas, context: canvas.getContext('2d'), box: '' };
        canvases.set(index, entry);
      }
      return entry;
    }

    // Over the axis pair's plot area, as plotly.js laid it out (it moves on resize and relayout).
    function place(entry, xa, ya) {
      const box = xa._offset + ',' + ya._offset + ',' + xa._length + ',' + ya._length;
      if (entry.box === box) {
        return;
      }
      entry.box = box;
      const style = entry.canvas.style;
      style.left = xa._offset + 'px';
      style.top = ya._offset + 'px';
      style.width = xa._length + 'px';
      style.height = ya._length + 'px';
      entry.canvas.width = Math.max(1, Math.round(xa._length * pixelRatio));
      entry.canvas.height = Math.max(1, Math.round(ya._length * pixelRatio));
    }

    // The axis's range in plotly.js's linear units: the page's, or the owner's as plotly.js drew it. Both are ranges (on a
    // log axis already in log units, as plotted() gives the wave's values), read with r2l.
    function linearRange(axis) {
      const held = given[axis._name];
      const range = held ? held.range : axis.range;
      return [axis.r2l(range[0]), axis.r2l(range[1])];
    }

    function paint() {
      const fullLayout = root._fullLayout;
      const fullData = root._fullData;
      const shown = new Set();
      for (const index of waveIndices()) {
        const trace = figure.data[index];
        const full = fullData && fullData[index];
        const xa = fullLayout && fullLayout[axisName(trace.xaxis || 'x')];
        const ya = fullLayout && fullLayout[axisName(trace.yaxis || 'y')];
        if (!full || full.visible !== true || !xa || !ya || !Array.isArray(trace.x) || !Array.isArray(trace.y)) {
          continue;
        }
        shown.add(index);
        const entry = canvasFor(index);
        place(entry, xa, ya);
        const [xLow, xHigh] = linearRange(xa);
        const [yLow, yHigh] = linearRange(ya);
        const context = entry.context;
        const width = entry.canvas.width;
        const height = entry.canvas.height;
        context.clearRect(0, 0, width, height);
        viewer.wavePoints[index] = 0;
        if (!(xHigh > xLow) || !(yHigh !== yLow) || (full.mode || 'lines').indexOf('lines') < 0) {
          continue;
        }
        const xScale = width / (xHigh - xLow);
        const yScale = height / (yHigh - yLow);
        context.strokeStyle = (full.line && full.line.color) || '#1f77b4';
        context.lineWidth = ((full.line && full.line.width) || 2) * pixelRatio;
        context.lineJoin = 'round';
        context.beginPath();
        let drawing = false;
        let points = 0;
        const count = Math.min(trace.x.length, trace.y.length);
        for (let i = 0; i < count; i++) {
          const value = plotted(ya, trace.y[i]);
          if (value === null) {
            drawing = false; // a gap, as plotly.js leaves one
            continue;
          }
          points += 1;
          const px = (xa.d2l(trace.x[i]) - xLow) * xScale;
          const py = height - (value - yLow) * yScale;
          if (drawing) {
            context.lineTo(px, py);
          } else {
            context.moveTo(px, py);
            drawing = true;
          }
        }
        context.stroke();
        viewer.wavePoints[index] = points;
      }
      for (const [index, entry] of canvases) {
        if (!shown.has(index)) {
          delete viewer.wavePoints[index];
          entry.canvas.remove();
          canvases.delete(index);
        }
      }
    }

    return { plotlyData: plotlyData, refreshStandIns: refreshStandIns, plotlyUnchanged: plotlyUnchanged, axisRanges: axisRanges, paint: paint };
  }

  // The monitor's face: the latest value of each trace, large, with the unit its name gives in parentheses ("Heart
  // rate (bpm)"); "no reading" when the stream's latest value is null (the device sends null when it has none);
  // dimmed while the trace's stream is not connected, which the server says (streams, below). A trace the figure marks
  // as a waveform (meta.waveform, as the device creates its pulse trace; an owner's restyle can change it) has no
  // reading in its latest sample: its readout is a heart that lights as the wave rises through the middle of its last
  // two seconds, as an oximeter's pulse bar does. Text changes only when the reading does, so a steady one costs nothing.
  const readouts = [];
  const traceState = []; // per trace: 'live', 'heartbeat only' or 'disconnected', from the server
  const heartSymbol = '\u2665';

  function isWaveform(trace) {
    return trace.meta !== null && typeof trace.meta === 'object' && trace.meta.waveform === true;
  }

  function showReadouts() {
    if (!readoutPanel) {
      return;
    }
    figure.data.forEach((trace, index) => {
      const readout = readouts[index] || (readouts[index] = createReadout());
      const name = typeof trace.name === 'string' ? trace.name : 'trace ' + index;
      const unit = /\(([^()]*)\)\s*$/.exec(name);
      const yAxis = yAxisOf(index);
      const value = readingOf(yAxis, lastOf(trace.y));
      const reading = value !== null;
      const waveform = isWaveform(trace);
      setText(readout.name, unit ? name.slice(0, unit.index).trim() : name);
      const heart = reading && waveform;
      setText(readout.value, !reading ? 'no reading' : heart ? heartSymbol : formatReading(value));
      if (readout.heart !== heart) {
        // A screen reader reads the heart as an image named "pulse", not as a bare symbol.
        readout.heart = heart;
        if (heart) {
          readout.value.setAttribute('role', 'img');
          readout.value.setAttribute('aria-label', 'pulse');
        } else {
          readout.value.removeAttribute('role');
          readout.value.removeAttribute('aria-label');
        }
      }
      setText(readout.unit, reading && unit && !waveform ? unit[1] : '');
      setClass(readout.element, 'no-reading', !reading);
      setClass(readout.element, 'waveform', waveform);
      setClass(readout.element, 'beat', reading && waveform && risingThroughMiddle(trace.y, yAxis));
      setClass(readout.element, 'stale', lostServer(viewer.state) || traceState[index] === 'disconnected');
      const color = (trace.line && trace.line.color) || (root._fullData && root._fullData[index] && root._fullData[index].line && root._fullData[index].line.color) || '';
      if (readout.color !== color) {
        readout.color = color;
        readout.element.style.setProperty('--trace-color', color);
      }
    });
    while (readouts.length > figure.data.length) {
      readouts.pop().element.remove();
    }
  }

  // The latest value as a number, read as plotly.js reads it on a linear or log axis (its d2c: "88" is 88), or null.
  function readingOf(axis, value) {
    const number = axis && (axis.type === 'linear' || axis.type === 'log') ? axis.d2c(value) : value;
    return typeof number === 'number' && Number.isFinite(number) ? number : null;
  }

  // The wave's upstroke: the newest sample in the upper half of the last two seconds' range (40 samples at the
  // device's 20 a second) while the wave still rises.
  const beatWindowSamples = 40;

  function risingThroughMiddle(values, axis) {
    const count = values.length;
    if (count < 3) {
      return false;
    }
    let low = Infinity;
    let high = -Infinity;
    for (let i = Math.max(0, count - beatWindowSamples); i < count; i++) {
      const value = plotted(axis, values[i]);
      if (value !== null) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    const newest = plotted(axis, values[count - 1]);
    const before = plotted(axis, values[count - 3]);
    return high > low && newest !== null && before !== null && newest > before && newest > (low + high) / 2;
  }

  function createReadout() {
    const element = document.createElement('div');
    element.className = 'readout';
    const name = element.appendChild(document.createElement('span'));
    name.className = 'readout-name';
    const line = element.appendChild(document.createElement('span'));
    line.className = 'readout-line';
    const value = line.appendChild(document.createElement('span'));
    value.className = 'readout-value';
    const unit = line.appendChild(document.createElement('span'));
    unit.className = 'readout-unit';
    readoutPanel.appendChild(element);
    return { element: element, name: name, value: value, unit: unit, color: null, heart: false };
  }

  // Whole numbers as they are; others with one decimal (the pulse wave is sent in tenths), never "-0.0"; a magnitude of
  // a million or more, too wide for the readout, in scientific notation with up to two decimals ("1.23E6", "1E300").
  const wholeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0, useGrouping: false, signDisplay: 'negative' });
  const tenthsFormat = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false, signDisplay: 'negative' });
  const wideFormat = new Intl.NumberFormat('en', { notation: 'scientific', maximumFractionDigits: 2, signDisplay: 'negative' });
  const widestPlain = 1e6;

  function formatReading(value) {
    return Math.abs(value) >= widestPlain ? wideFormat.format(value) : Number.isInteger(value) ? wholeFormat.format(value) : tenthsFormat.format(value);
  }

  function setText(element, text) {
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  function setClass(element, name, on) {
    if (element.classList.contains(name) !== on) {
      element.classList.toggle(name, on);
    }
  }

  document.addEventListener('visibilitychange', () => {
    if (dirty) {
      render();
    }
  });

  // What the page does with each kind of event. Each event source the page opens gets these listeners.
  const handlers = {
    figure: snapshot => {
      figure.data = snapshot.data;
      figure.layout = snapshot.layout;
      wholeDrawNeeded = true;
    },
    frame: applyFrame,
    relayout: update => {
      applyUpdate(figure.layout, update);
      wholeDrawNeeded = true;
    },
    restyle: message => {
      message.traces.forEach(index => applyUpdate(figure.data[index], message.update));
      wholeDrawNeeded = true;
    },
  };

  // The stream's state, from what the server knows of the plot's streams (GET .../streams, every few seconds; its
  // answer also carries the server's clock, see serverNow): live
  // while a stream delivers points, "heartbeat only" while the streams are connected but send only heartbeats,
  // disconnected when none is connected. While the page has lost the server it says so instead: "reconnecting" (the
  // connection failed or ended: the page retries after a back-off), or, when the server or a proxy refused the event stream and the page retries after a
  // back-off, why: "server busy, retrying" (the plot is there: it has as many viewers as allowed, or a proxy refused),
  // "too many requests, retrying" (this address is refused for guessing links), "plot not found, retrying" or
  // "server unreachable, retrying" (see whyRefused); and for good, "plot deleted" (its owner deleted it: the page
  // stops asking).
  const streamPollMilliseconds = 2000;
  let received = new Map();
  let eventsOpen = false;
  // A stream that passes nothing more while the device's points arrive (a half-open connection; after a laptop's sleep
  // the silence limit counts from the wake, performance.now() having stood still) is taken for dead once this many polls
  // in a row found points delivered and no event came between them: one could be a frame still on its way.
  const stalledPollsToReopen = 2;
  let eventsAtPoll = 0; // viewer.events at the last poll's answer
  let stalledPolls = 0;
  // Stalls since a poll last heard frames (a new stream's snapshot does not count): the first is reopened at once, each
  // next one after a back-off, as a refusal is, so a cause that stays (a proxy that buffers the stream, a cluster node
  // whose frames stopped) is not answered with a new stream and its whole snapshot every few seconds.
  let stallsInARow = 0;
  let framesAtPoll = 0;
  let framesHeard = 0;

  // What the page says while it retries a refused event stream, by the streams' state's answer (whyRefused).
  const refused = {
    busy: 'server busy, retrying',
    tooManyRequests: 'too many requests, retrying',
    notFound: 'plot not found, retrying',
    unreachable: 'server unreachable, retrying',
  };
  const refusedStates = Object.values(refused);
  const deletedState = 'plot deleted';

  function lostServer(state) {
    return state === 'disconnected' || state === 'reconnecting' || state === deletedState || refusedStates.includes(state);
  }

  function showState(state) {
    viewer.state = state;
    if (statusLabel) {
      setText(statusLabel, state);
      statusLabel.dataset.state = state;
      statusLabel.toggleAttribute('data-lost', lostServer(state));
    }
    showReadouts();
  }

  // The page's one way to ask the streams' state, for the state, the server's clock and why an event stream was
  // refused: { status, answer } (answer: a 200's JSON, else null), rejected when no answer came. One ask at a time,
  // shared by whoever asks meanwhile: a second in flight would put two requests among the browser's timings of this
  // address, and clearing them after one would take the other's (networkRoundTrip).
  let asking = null;

  const streamsAnswerMilliseconds = 10000;

  function askStreams() {
    if (asking === null) {
      const asked = performance.now();
      // A bound on the wait: one hung answer (a proxy that accepts and never answers) would hold every later ask, which
      // share it, and the page would never say why it was refused.
      asking = fetch(plotPath + '/streams', { cache: 'no-store', signal: AbortSignal.timeout(streamsAnswerMilliseconds) }).then(response => {
        const answered = performance.now();
        return !response.ok ? { status: response.status, answer: null } : response.json().then(answer => {
          if (answer !== null && typeof answer === 'object') {
            heardServerClock(asked, answered, answer.now);
          }
          return { status: response.status, answer: answer };
        }, () => ({ status: response.status, answer: null }));
      }).finally(() => {
        asking = null;
      });
    }
    return asking;
  }

  // A non-200 answer (429 from the guess limit, a proxy's 502) or an answer that is not the streams' state is skipped:
  // the next poll asks again.
  function pollStreams() {
    if (!eventsOpen) {
      return;
    }
    askStreams().then(({ answer }) => {
      if (!eventsOpen || answer === null || typeof answer !== 'object' || !Array.isArray(answer.streams)) {
        return;
      }
      const seen = new Map();
      let anyConnected = false;
      let anyLive = false;
      traceState.length = 0;
      answer.streams.forEach((stream, index) => {
        const delivering = stream.connected && received.has(index) && received.get(index) !== stream.received;
        const state = !stream.connected ? 'disconnected' : delivering ? 'live' : 'heartbeat only';
        seen.set(index, stream.received);
        anyConnected = anyConnected || stream.connected;
        anyLive = anyLive || delivering;
        (Array.isArray(stream.traces) ? stream.traces : []).forEach(trace => { traceState[trace] = state; });
      });
      const first = received.size === 0;
      received = seen;
      const heard = viewer.events - eventsAtPoll;
      eventsAtPoll = viewer.events;
      if (framesHeard !== framesAtPoll) {
        stallsInARow = 0;
      }
      framesAtPoll = framesHeard;
      stalledPolls = anyLive && heard === 0 ? stalledPolls + 1 : 0;
      if (stalledPolls >= stalledPollsToReopen) {
        stalledPolls = 0;
        stallsInARow += 1;
        if (stallsInARow === 1) {
          reopen();
        } else {
          eventsOpen = false;
          received = new Map();
          failures = Math.max(failures, stallsInARow - 2); // 1, 2, 4 ... 30 s
          retryLater(false);
        }
        return;
      }
      if (first && anyConnected) {
        return; // one look says connected, the next says whether points flow
      }
      showState(anyLive ? 'live' : anyConnected ? 'heartbeat only' : 'disconnected');
    }).catch(() => {});
  }

  // The event stream. A non-200 answer closes it for good: 503 when the plot has --max-viewers-per-plot viewers, 429
  // while the address is refused by the guess limit, a proxy's 502 or 503 while a node restarts. After a network error
  // or the stream's end, EventSource would reconnect by itself, each second (the snapshot's retry): every page a restart
  // dropped would come back in the same instant, and ask every second while the server is down. Either way the page
  // closes it and opens a new one after a back-off (about 1, 2, 4 ... 30 s, each with up to a quarter more or less at
  // random, so the pages a restart dropped or turned away do not all come back at once), resuming after the last event
  // it has: a new EventSource cannot send the Last-Event-ID header, so it goes as ?lastEventId=, which the server reads
  // as the same.
  //
  // The server pings every event stream (a "ping" event without id, every data-ping-ms, 15 s by default). A stream on
  // which nothing arrived, no event and no ping, for two pings and 5 s more (35 s) is taken for dead (a half-open
  // connection, a proxy that stopped passing it on): the page closes it and opens a new one at once, resuming after its
  // last event. So is a stream that has been connecting that long (a server or proxy that took the connection and never
  // answered): the browser would wait on it for good.
  const pingMilliseconds = Number(root.dataset.pingMs) > 0 ? Number(root.dataset.pingMs) : 15000;
  const silenceMilliseconds = 2 * pingMilliseconds + 5000;
  const retryFirstMilliseconds = 1000;
  const retryMostMilliseconds = 30000;
  let source = null;
  let failures = 0; // refused opens since the last event
  let retry = null; // the reopen waiting out its back-off
  let heardAt = performance.now(); // when the open stream last said anything (not the wall clock, which may step)
  let connectingSince = performance.now(); // when the stream last began to connect

  function eventsAddress() {
    const address = plotPath + '/events';
    return viewer.lastEventId ? address + '?lastEventId=' + encodeURIComponent(viewer.lastEventId) : address;
  }

  function openEvents() {
    const opened = new EventSource(eventsAddress());
    source = opened;
    connectingSince = performance.now();
    viewer.opens += 1;
    opened.onopen = () => {
      heardAt = performance.now();
      eventsOpen = true;
      if (lostServer(viewer.state)) {
        showState('connecting'); // until the streams' state is known
      }
      pollStreams();
    };
    opened.onerror = () => {
      if (source !== opened) {
        return;
      }
      eventsOpen = false;
      received = new Map();
      // CLOSED: refused. Otherwise the connection failed or ended (a restart ends every page's at once), and the browser
      // would try again each second (the snapshot's retry), every page in step for as long as the server is down.
      retryLater(opened.readyState === EventSource.CLOSED);
    };
    opened.addEventListener('ping', () => {
      if (source === opened) {
        heardAt = performance.now();
        viewer.pings += 1;
      }
    });
    for (const [type, apply] of Object.entries(handlers)) {
      opened.addEventListener(type, event => {
        if (source !== opened) {
          return;
        }
        apply(JSON.parse(event.data));
        heardAt = performance.now();
        if (type !== 'figure') {
          framesHeard += 1;
        }
        failures = 0;
        viewer.events += 1;
        viewer.lastEventId = event.lastEventId;
        render();
      });
    }
  }

  // refusedByServer: the answer was not 200 (whyRefused says why); else the connection failed or ended: reconnecting.
  function retryLater(refusedByServer) {
    const closed = source;
    closed.close();
    const delay = Math.min(retryMostMilliseconds, retryFirstMilliseconds * Math.pow(2, failures));
    failures += 1;
    viewer.retryMilliseconds = Math.round(delay * (0.75 + Math.random() / 2));
    // A refusal says why once whyRefused knows ("server busy" at once was wrong for a deleted plot, and announced); until
    // then the page says it has lost the stream, so it never goes on saying "live".
    showState('reconnecting');
    if (refusedByServer) {
      whyRefused(closed);
    }
    retry = setTimeout(openEvents, viewer.retryMilliseconds);
  }

  // An EventSource cannot read the status that closed it. The streams' state (GET .../streams) passes the same gates
  // (the share link, the guess limit) without taking a viewer's place, so its answer tells why: 410, its owner deleted
  // the plot (the page stops: it never comes back, and retrying would only load the server); 404, the plot is not
  // there (or not yet on this node of a cluster); 429, this address guessed too many links; no answer, the server is
  // unreachable; 200, the plot is there and only the event stream was refused (the viewer limit, or a proxy).
  function whyRefused(closed) {
    askStreams().then(({ status }) => {
      if (source !== closed) {
        return;
      }
      if (status === 410) {
        clearTimeout(retry);
        showState(deletedState);
      } else {
        showState(status === 404 ? refused.notFound : status === 429 ? refused.tooManyRequests : refused.busy);
      }
    }, () => {
      if (source === closed) {
        showState(refused.unreachable);
      }
    });
  }

  function reopenIfSilent() {
    const open = source.readyState === EventSource.OPEN;
    const since = open ? heardAt : connectingSince;
    if (source.readyState !== EventSource.CLOSED && performance.now() - since > silenceMilliseconds) {
      reopen();
    }
  }

  // Closes a stream taken for dead and opens a new one at once, resuming after the last event.
  function reopen() {
    source.close();
    eventsOpen = false;
    received = new Map();
    showState('reconnecting');
    openEvents();
  }

  openEvents();
  setInterval(pollStreams, streamPollMilliseconds);
  // A page that has just opened asks the time a few times more: its first frames need not hang on one round trip.
  const startupAsks = 3;
  viewer.startupAsksLeft = startupAsks;
  for (let ask = 1; ask <= startupAsks; ask += 1) {
    setTimeout(() => askStreams().catch(() => {}).then(() => {
      viewer.startupAsksLeft -= 1;
    }), ask * 300);
  }
  setInterval(reopenIfSilent, Math.min(5000, pingMilliseconds));

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
      if (key === '') {
        result.textContent = 'Not sent: type the API key first.'; // the server could only refuse it
        return;
      }
      // As UTF-8, which the server reads Basic credentials as: btoa takes Latin-1 only, and threw on a key with "€" in it.
      const credentials = Array.from(new TextEncoder().encode(owner + ':' + key), byte => String.fromCharCode(byte)).join('');
      fetch(plotPath + '/' + kind, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic ' + btoa(credentials) },
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
