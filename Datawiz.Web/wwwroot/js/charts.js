// Time charts on ApexCharts, loaded as a module by the chart components (Components/Shared/Charts). One module for
// every time chart: a live one appends points and moves its window; a history chart can pass its whole series to
// create() with a fixed window, and a DotNetObjectReference to hear of zooms.
//
// ApexCharts' ESM build needs a bundler, so its classic script (restored from npm into wwwroot/lib by the build) is
// added once to the page and read from window.ApexCharts. The Content-Security-Policy allows it: same origin.

const charts = new WeakMap();
let loading;

function loadApexCharts() {
  if (window.ApexCharts) {
    return Promise.resolve(window.ApexCharts);
  }
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("../lib/apexcharts/apexcharts.min.js", import.meta.url).href;
    script.onload = () => resolve(window.ApexCharts);
    script.onerror = () => {
      loading = undefined;
      script.remove();
      reject(new Error("ApexCharts could not be loaded."));
    };
    document.head.appendChild(script);
  });
  return loading;
}

// The viewer's zone, not the browser's: the portal shows every time in the zone of the profile (or the browser's
// as reported), and ApexCharts would format in the browser's. Ticks and tooltips are formatted here instead.
function dateFormat(options, timeZone) {
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone, hourCycle: "h23" });
  } catch {
    // A zone this browser does not know: UTC, rather than no chart.
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC", hourCycle: "h23" });
  }
}

function formatters(timeZone) {
  const make = (options) => dateFormat(options, timeZone);
  const tick = make({ hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const full = make({ year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return { tick: (ms) => tick.format(ms), full: (ms) => full.format(ms) };
}

function seriesOf(state) {
  return state.options.series.map((s) => ({ name: s.unit ? `${s.name} (${s.unit})` : s.name, data: state.points.get(s.key) ?? [] }));
}

function countPoints(state) {
  let count = 0;
  for (const points of state.points.values()) {
    count += points.length;
  }
  return count;
}

function windowOf(state) {
  if (state.options.fixedRange) {
    return { min: state.options.fixedRange.from, max: state.options.fixedRange.to };
  }
  // Ends now, or at the newest point if the server's clock is ahead of the browser's: a point is never cut off for that.
  let max = Date.now();
  for (const points of state.points.values()) {
    if (points.length > 0) {
      max = Math.max(max, points[points.length - 1][0]);
    }
  }
  return { min: max - state.options.windowSeconds * 1000, max };
}

// Older points fall out of a live window and are dropped; each series keeps at most maxPoints either way.
function trim(state) {
  const { min } = windowOf(state);
  for (const [key, points] of state.points) {
    let first = 0;
    while (first < points.length && points[first][0] < min) {
      first++;
    }
    const over = points.length - first - state.options.maxPoints;
    if (first > 0 || over > 0) {
      state.points.set(key, points.slice(first + Math.max(0, over)));
    }
  }
}

// What every chart here shares: no animation (points arrive live), the page's own text colour (so labels keep the
// contrast the MudBlazor palette was checked for), and no ApexCharts keyboard and screen-reader layer: the
// component's box is the chart's one accessible element (role img, with a name, beside a text alternative), and
// that layer would nest controls inside the image.
function baseChart(element, height) {
  return {
    height,
    background: "transparent",
    foreColor: getComputedStyle(element).color,
    animations: { enabled: false },
    fontFamily: "inherit",
    accessibility: { enabled: false, keyboard: { enabled: false } },
  };
}

function apexOptions(state) {
  const { options } = state;
  const format = formatters(options.timeZone);
  const dark = options.theme === "dark";
  const units = new Map(options.series.map((s, index) => [index, s.unit]));
  return {
    chart: {
      ...baseChart(state.element, options.height),
      type: "line",
      toolbar: { show: false },
      zoom: { enabled: false },
    },
    theme: { mode: dark ? "dark" : "light" },
    series: seriesOf(state),
    stroke: { width: 2, curve: "straight" },
    markers: { size: 3 },
    legend: { show: true, position: "top", horizontalAlign: "left" },
    grid: { borderColor: dark ? "rgba(255,255,255,0.15)" : "rgba(0,0,0,0.12)" },
    xaxis: {
      type: "datetime",
      ...windowOf(state),
      // With a label formatter of its own, a datetime axis labels only its ends unless told how many ticks to draw.
      tickAmount: 5,
      labels: { formatter: (value, timestamp) => format.tick(Number(timestamp ?? value)), hideOverlappingLabels: true, datetimeUTC: true },
      tooltip: { enabled: false },
    },
    yaxis: { decimalsInFloat: 2 },
    tooltip: {
      theme: dark ? "dark" : "light",
      x: { formatter: (timestamp) => format.full(timestamp) },
      y: { formatter: (value, { seriesIndex }) => (value == null ? "" : `${value}${units.get(seriesIndex) ? " " + units.get(seriesIndex) : ""}`) },
    },
    noData: { text: options.emptyText },
  };
}

// A sparkline: the line alone, as small as the card allows; the card names the field and shows the value.
function sparklineOptions(state) {
  const { options } = state;
  const dark = options.theme === "dark";
  return {
    chart: {
      ...baseChart(state.element, options.height),
      type: "line",
      sparkline: { enabled: true },
    },
    theme: { mode: dark ? "dark" : "light" },
    series: seriesOf(state),
    stroke: { width: 2, curve: "straight" },
    markers: sparklineMarkers(state),
    xaxis: { type: "datetime", ...windowOf(state) },
    tooltip: { enabled: false },
    noData: { text: options.emptyText },
  };
}

// A line needs two points: until the second arrives, the first is drawn as a dot.
function sparklineMarkers(state) {
  return { size: countPoints(state) === 1 ? 3 : 0 };
}

function optionsOf(state) {
  return state.options.sparkline ? sparklineOptions(state) : apexOptions(state);
}

function redraw(state) {
  trim(state);
  state.element.dataset.points = String(countPoints(state));
  if (state.chart) {
    const moved = { series: seriesOf(state), xaxis: { ...windowOf(state) } };
    state.chart.updateOptions(state.options.sparkline ? { ...moved, markers: sparklineMarkers(state) } : moved, false, false);
  }
}

/**
 * Draws a chart in element. options: series [{ key, name, unit }], windowSeconds (a live window ending now) or
 * fixedRange { from, to } (epoch ms), maxPoints per series, theme "light" | "dark", timeZone (IANA id), height (px),
 * emptyText, sparkline (the line alone); points: [{ key, points: [[epochMs, value], …] }] to start with.
 */
export async function create(element, options, points) {
  const state = { element, options, points: new Map(), chart: null, ticker: 0 };
  charts.set(element, state);
  addPoints(state, points);
  element.dataset.points = String(countPoints(state));
  const ApexCharts = await loadApexCharts();
  if (charts.get(element) !== state) {
    return; // disposed while the script loaded
  }
  trim(state);
  state.chart = new ApexCharts(element, optionsOf(state));
  await state.chart.render();
  element.dataset.ready = "true";
  if (!options.fixedRange) {
    // The window moves with the clock even while no point arrives, so an idle sensor is seen to be idle. A sparkline
    // of an hour moves a pixel or so a minute: many of them on a dashboard need not all be redrawn every second.
    state.ticker = setInterval(() => document.hidden || redraw(state), options.sparkline ? 30000 : 1000);
  }
}

function addPoints(state, points) {
  for (const { key, points: added } of points ?? []) {
    const existing = state.points.get(key) ?? [];
    let merged = existing.concat(added);
    // Readings of one commit need not arrive in time order across updates, and a page that catches up after it
    // subscribed gets some twice: the chart draws lines in array order, one point per moment.
    if (existing.length > 0 && added.length > 0 && added[0][0] <= existing[existing.length - 1][0]) {
      merged.sort((a, b) => a[0] - b[0]);
      merged = merged.filter((point, index) => index === 0 || point[0] !== merged[index - 1][0]);
    }
    state.points.set(key, merged);
  }
}

/** Adds points ([{ key, points: [[epochMs, value], …] }]) and moves the window to now. */
export function append(element, points) {
  const state = charts.get(element);
  if (!state) {
    return;
  }
  addPoints(state, points);
  redraw(state);
}

/** New series, window, theme, zone or height; the points of series that stay are kept. */
export function configure(element, options) {
  const state = charts.get(element);
  if (!state) {
    return;
  }
  state.options = options;
  const keys = new Set(options.series.map((s) => s.key));
  for (const key of [...state.points.keys()]) {
    if (!keys.has(key)) {
      state.points.delete(key);
    }
  }
  trim(state);
  element.dataset.points = String(countPoints(state));
  state.chart?.updateOptions(optionsOf(state), true, false);
}

export function dispose(element) {
  const state = charts.get(element);
  if (!state) {
    return;
  }
  charts.delete(element);
  clearInterval(state.ticker);
  state.chart?.destroy();
}

// Ten colours that stay apart on the light and the dark palette; a line and its band share one.
const lineColours = ["#1E88E5", "#E53935", "#43A047", "#FB8C00", "#8E24AA", "#00897B", "#6D4C41", "#3949AB", "#C0CA33", "#D81B60"];

// Ticks as precise as the range needs: times of day within two days, dates with times within two weeks, dates beyond.
function historyTicks(timeZone, from, to) {
  const days = (to - from) / 86400000;
  const options = days <= 2 ? { hour: "2-digit", minute: "2-digit" }
    : days <= 14 ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }
      : days <= 400 ? { day: "numeric", month: "short" } : { month: "short", year: "numeric" };
  const format = dateFormat(options, timeZone);
  return (ms) => format.format(ms);
}

// One y axis per unit, so that a comparison of temperatures and humidities does not squash one of them flat;
// they alternate sides. Lines of one unit share their axis.
function historyAxes(series, units) {
  const distinct = [...new Set(units)];
  if (distinct.length <= 1) {
    return { decimalsInFloat: 2 };
  }
  return distinct.map((unit, index) => ({
    seriesName: series.filter((_, i) => units[i] === unit).map((s) => s.name),
    opposite: index % 2 === 1,
    decimalsInFloat: 2,
    title: { text: unit || "no unit" },
  }));
}

function historyApexOptions(element, options, listener) {
  const dark = options.theme === "dark";
  const tick = historyTicks(options.timeZone, options.range.from, options.range.to);
  const full = formatters(options.timeZone).full;
  const series = [];
  const colours = [];
  const units = [];
  options.lines.forEach((line, index) => {
    const name = line.unit ? `${line.name} (${line.unit})` : line.name;
    const colour = lineColours[index % lineColours.length];
    if (options.band) {
      series.push({ name: `${name}, minimum to maximum`, type: "rangeArea", data: line.points.map((p) => ({ x: p[0], y: [p[2], p[3]] })) });
      colours.push(colour);
      units.push(line.unit);
    }
    series.push({ name, type: "line", data: line.points.map((p) => ({ x: p[0], y: p[1] })) });
    colours.push(colour);
    units.push(line.unit);
  });
  return {
    chart: {
      ...baseChart(element, options.height),
      type: options.band ? "rangeArea" : "line",
      // Dragging across the chart selects a stretch of time; the page asks the database for it again, so the
      // chart's own zoom (which only stretches the points it has) is undone by the next drawing.
      toolbar: { show: false, autoSelected: "zoom" },
      zoom: { enabled: true, type: "x" },
      events: {
        zoomed: (_, { xaxis }) => {
          if (xaxis && Number.isFinite(xaxis.min) && Number.isFinite(xaxis.max)) {
            listener.invokeMethodAsync("ZoomedAsync", Math.round(xaxis.min), Math.round(xaxis.max));
          }
        },
      },
    },
    theme: { mode: dark ? "dark" : "light" },
    colors: colours,
    series,
    stroke: { width: series.map((s) => (s.type === "rangeArea" ? 0 : 2)), curve: "straight" },
    fill: { opacity: series.map((s) => (s.type === "rangeArea" ? 0.25 : 1)) },
    // Markers where the points are few enough to tell apart (a lone bucket would otherwise not show at all).
    markers: { size: options.band && options.lines.some((line) => line.points.length > 60) ? 0 : 3 },
    legend: { show: true, position: "top", horizontalAlign: "left" },
    grid: { borderColor: dark ? "rgba(255,255,255,0.15)" : "rgba(0,0,0,0.12)" },
    dataLabels: { enabled: false },
    xaxis: {
      type: "datetime",
      min: options.range.from,
      max: options.range.to,
      tickAmount: 6,
      labels: { formatter: (value, timestamp) => tick(Number(timestamp ?? value)), hideOverlappingLabels: true, datetimeUTC: true },
      tooltip: { enabled: false },
    },
    yaxis: historyAxes(series, units),
    tooltip: {
      theme: dark ? "dark" : "light",
      shared: true,
      x: { formatter: (timestamp) => full(timestamp) },
      y: {
        formatter: (value, { seriesIndex }) => {
          const unit = units[seriesIndex] ? ` ${units[seriesIndex]}` : "";
          return Array.isArray(value) ? `${value[0]}${unit} to ${value[1]}${unit}` : value == null ? "" : `${value}${unit}`;
        },
      },
    },
    noData: { text: options.emptyText },
  };
}

/**
 * Draws (or draws again) a history chart in element. options: lines [{ name, unit, points: [[epochMs, avg, min, max], …] }],
 * range { from, to } (epoch ms), band (draw minimum–maximum bands), theme, timeZone, height, emptyText; listener: a
 * DotNetObjectReference told of zooms (ZoomedAsync(from, to)).
 */
export async function drawHistory(element, options, listener) {
  const ApexCharts = await loadApexCharts();
  const previous = charts.get(element);
  previous?.chart?.destroy();
  const state = { element, options, points: new Map(), chart: null, ticker: 0 };
  charts.set(element, state);
  element.dataset.points = String(options.lines.reduce((sum, line) => sum + line.points.length, 0));
  element.dataset.band = String(options.band);
  state.chart = new ApexCharts(element, historyApexOptions(element, options, listener));
  await state.chart.render();
  element.dataset.ready = "true";
}
