// Map: the tiles API (through Varnish) drawn by MapLibre as 3D extrusions, per environment.
import * as maplibregl from './vendor/maplibre-gl/maplibre-gl.mjs';

const MONACO = [7.4246, 43.7384];
const BUILDING_COLOR = '#c2410c';
// OSM "height" (metres) where tagged, else 3 m per "building:levels", else a low default.
const HEIGHT = ['case',
  ['has', 'height'], ['to-number', ['get', 'height'], 10],
  ['has', 'building:levels'], ['*', 3, ['to-number', ['get', 'building:levels'], 1]],
  6];
const SHOWN = ['name', 'building', 'height', 'building:levels', 'osm_type', 'id'];

export function startMap(config) {
  const select = document.getElementById('environment');
  const state = document.getElementById('map-state');
  for (const env of config.environments) {
    select.append(new Option(`${env.name} — ${env.url}`, env.url));
  }
  const map = new maplibregl.Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e9eef2' } }] },
    center: MONACO, zoom: 15.2, pitch: 50, bearing: -20,
    attributionControl: { compact: false },
  });
  map.addControl(new maplibregl.NavigationControl());
  // With a listener MapLibre reports failures here instead of on the console.
  map.on('error', (e) => {
    state.textContent = `Could not load tiles from ${select.value}: ${e.error?.message ?? e.error}`;
  });
  map.on('mousemove', 'buildings', (e) => showBuilding(e.features[0]));
  map.on('mouseenter', 'buildings', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'buildings', () => { map.getCanvas().style.cursor = ''; });
  map.on('load', () => useEnvironment(map, config, select.value, state));
  select.addEventListener('change', () => useEnvironment(map, config, select.value, state));
  window.day2Map = map; // for the browser test and the curious
}

function useEnvironment(map, config, base, state) {
  if (map.getLayer('buildings')) map.removeLayer('buildings');
  if (map.getSource('buildings')) map.removeSource('buildings');
  state.textContent = `Loading ${base} …`;
  map.addSource('buildings', { type: 'vector', url: `${base}/maps/tileset/${config.tileset}` });
  map.addLayer({
    id: 'buildings', type: 'fill-extrusion', source: 'buildings', 'source-layer': 'buildings',
    paint: { 'fill-extrusion-color': BUILDING_COLOR, 'fill-extrusion-height': HEIGHT,
      'fill-extrusion-opacity': 0.9 },
  });
  map.once('idle', () => {
    if (map.isSourceLoaded('buildings')) state.textContent = `Tiles from ${base}`;
  });
}

function showBuilding(feature) {
  const info = document.getElementById('building-info');
  info.replaceChildren();
  for (const key of SHOWN) {
    const value = feature.properties[key];
    if (value === undefined || value === null || value === '') continue;
    const dt = document.createElement('dt');
    dt.textContent = key;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    info.append(dt, dd);
  }
}
