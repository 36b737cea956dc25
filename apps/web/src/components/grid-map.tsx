import { type TrafficLight, URGENCY_RANK } from '@gridflow/domain/time/time-left';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
// The plugin extends the global L that Leaflet's bundle sets (window.L).
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { useEffect, useRef } from 'react';
import { type ConsoleConfig, useConsoleConfig } from './console-config';
import './grid-map.css';
import { LIGHT_COLOR } from './ticket-bits';

export interface MapPolygon {
  code: string;
  name: string;
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  /** fill colour; defaults to the console's blue */
  color?: string;
  /** extra tooltip lines */
  info?: string;
}

export interface MapPoint {
  id: string;
  lng: number;
  lat: number;
  /** 红黄绿灯 of the ticket: the marker's colour (and its cluster's: the worst light inside) */
  light?: TrafficLight;
  /** colour of a point that is not a ticket's light */
  color?: string;
  label?: string;
}

const NAMES_PANE = 'gf-grid-names';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** About how wide a name is at 12 px: 12 px a CJK character, 7 px any other, and the label's padding. */
const labelWidth = (name: string) => [...name].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 12 : 7), 12);

const namePlace = (b: L.LatLngBounds) =>
  L.latLng(b.getNorth() - (b.getNorth() - b.getSouth()) * 0.2, (b.getWest() + b.getEast()) / 2);

/** The deployment's tile layers on `m`: the first base map shown, every overlay on; a control with more than one. */
function addTileLayers(m: L.Map, config: ConsoleConfig) {
  const bases: Record<string, L.TileLayer> = {};
  const overlays: Record<string, L.TileLayer> = {};
  for (const layer of config.tileLayers) {
    const tiles = L.tileLayer(layer.url, {
      attribution: layer.attribution ?? '',
      subdomains: layer.subdomains ?? 'abc',
      maxZoom: 18,
    });
    if (layer.kind === 'base') bases[layer.name] = tiles;
    else overlays[layer.name] = tiles;
  }
  Object.values(bases)[0]?.addTo(m);
  for (const tiles of Object.values(overlays)) tiles.addTo(m);
  if (config.tileLayers.length > 1) L.control.layers(bases, overlays, { position: 'topright' }).addTo(m);
}

/** A ticket's marker: a dot in its light's colour, the light and id on the element (tests, assistive tech). */
function ticketMarker(pt: MapPoint, onClick?: (id: string) => void): L.Marker {
  const light = pt.light;
  const color = light ? LIGHT_COLOR[light] : (pt.color ?? '#c8161d');
  const marker = L.marker([pt.lat, pt.lng], {
    light,
    keyboard: !!onClick,
    title: pt.label,
    icon: L.divIcon({
      className: 'gf-pin',
      iconSize: [16, 16],
      html: `<span data-testid="ticket-marker" data-marker-id="${escapeHtml(pt.id)}"${
        light ? ` data-light="${light}"` : ''
      } style="background:${color}"></span>`,
    }),
  } as L.MarkerOptions);
  if (pt.label) marker.bindTooltip(escapeHtml(pt.label));
  if (onClick) marker.on('click', () => onClick(pt.id));
  return marker;
}

/** A cluster: its count, in the colour of the most urgent light inside (超时 before 临期 before 正常). */
function clusterIcon(cluster: L.MarkerCluster): L.DivIcon {
  let worst: TrafficLight | undefined;
  for (const m of cluster.getAllChildMarkers()) {
    const light = (m.options as { light?: TrafficLight }).light;
    if (light && (!worst || URGENCY_RANK[light] < URGENCY_RANK[worst])) worst = light;
  }
  const count = cluster.getChildCount();
  return L.divIcon({
    className: 'gf-cluster',
    iconSize: [34, 34],
    html: `<span data-testid="ticket-cluster"${worst ? ` data-light="${worst}"` : ''} style="background:${
      worst ? LIGHT_COLOR[worst] : '#c8161d'
    }">${count}</span>`,
  });
}

/**
 * Grid polygons (GeoJSON from the API, WGS-84) on a Leaflet map, their names where they fit, and
 * points (tickets) clustered by leaflet.markercluster. No online tiles by default — the polygons
 * are the map; a deployment may list tile layers (e.g. 天地图 vec_w + cva_w) in the API's config.
 */
export function GridMap({
  polygons,
  points = [],
  picked,
  onPick,
  onPolygonClick,
  onPointClick,
  height = 360,
  names = true,
}: {
  polygons: MapPolygon[];
  points?: MapPoint[];
  /** a chosen location, shown as a marker */
  picked?: { lng: number; lat: number } | null;
  /** a tap on the map picks a location */
  onPick?: (at: { lng: number; lat: number }) => void;
  onPolygonClick?: (code: string) => void;
  /** a click on a point's marker */
  onPointClick?: (id: string) => void;
  height?: number | string;
  /** grid names as labels on the map, at zooms where they fit inside their grid */
  names?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const labels = useRef<L.LayerGroup | null>(null);
  const clusters = useRef<L.MarkerClusterGroup | null>(null);
  const config = useConsoleConfig();
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const pointClick = useRef(onPointClick);
  pointClick.current = onPointClick;
  /** each grid's label and the bounds it must fit in */
  const nameLabels = useRef<{ tooltip: L.Tooltip; bounds: L.LatLngBounds; width: number }[]>([]);

  useEffect(() => {
    // Wait for the deployment's settings: the tile layers are chosen once.
    if (!container.current || !config) return;
    // maxZoom of its own: without tiles nothing else sets one, and the clusters need it.
    const m = L.map(container.current, {
      attributionControl: config.tileLayers.length > 0,
      zoomSnap: 0.25,
      maxZoom: 18,
    });
    m.setView([30, 120], 5);
    addTileLayers(m, config);
    // Grid names above the polygons and below the tickets' markers.
    m.createPane(NAMES_PANE).style.zIndex = '450';
    m.on('click', (e: L.LeafletMouseEvent) => pickRef.current?.({ lng: e.latlng.lng, lat: e.latlng.lat }));
    layers.current = L.layerGroup().addTo(m);
    labels.current = L.layerGroup().addTo(m);
    clusters.current = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
    }).addTo(m);
    // A name shows where its grid is wider on screen than the name itself.
    const fitNames = () => {
      for (const l of nameLabels.current) {
        const ne = m.latLngToLayerPoint(l.bounds.getNorthEast());
        const sw = m.latLngToLayerPoint(l.bounds.getSouthWest());
        const fits = ne.x - sw.x >= l.width && sw.y - ne.y >= 20;
        if (fits && !labels.current!.hasLayer(l.tooltip)) labels.current!.addLayer(l.tooltip);
        if (!fits && labels.current!.hasLayer(l.tooltip)) labels.current!.removeLayer(l.tooltip);
      }
    };
    m.on('zoomend', fitNames);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      nameLabels.current = [];
    };
  }, [config]);

  const key =
    polygons.map((p) => p.code + (p.color ?? '') + (p.info ?? '')).join() +
    '|' +
    points.map((p) => p.id + (p.light ?? '')).join();
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    group.clearLayers();
    labels.current!.clearLayers();
    clusters.current!.clearLayers();
    nameLabels.current = [];
    const bounds = L.latLngBounds([]);
    for (const p of polygons) {
      const layer = L.geoJSON(p.boundary as never, {
        style: { color: p.color ?? '#1677ff', weight: 1.5, fillOpacity: 0.15 },
      });
      layer.bindTooltip(`${escapeHtml(p.name)}（${p.code}）${p.info ? '<br/>' + escapeHtml(p.info) : ''}`, {
        sticky: true,
      });
      if (onPolygonClick) layer.on('click', () => onPolygonClick(p.code));
      layer.addTo(group);
      bounds.extend(layer.getBounds());
      if (names) {
        const tooltip = L.tooltip({ permanent: true, direction: 'center', className: 'gf-grid-name', pane: NAMES_PANE })
          // in the upper part of the grid: its tickets tend to sit in the middle
          .setLatLng(namePlace(layer.getBounds()))
          .setContent(`<span data-testid="grid-name">${escapeHtml(p.name)}</span>`);
        nameLabels.current.push({ tooltip, bounds: layer.getBounds(), width: labelWidth(p.name) });
      }
    }
    const markers = points.map((pt) => {
      bounds.extend([pt.lat, pt.lng]);
      return ticketMarker(pt, pointClick.current ? (id) => pointClick.current?.(id) : undefined);
    });
    clusters.current!.addLayers(markers);
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [32, 32], maxZoom: 17 });
    m.fire('zoomend');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, config, names]);

  const pickedLayer = useRef<L.CircleMarker | null>(null);
  const pickedLng = picked?.lng;
  const pickedLat = picked?.lat;
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    pickedLayer.current?.remove();
    pickedLayer.current =
      pickedLng !== undefined && pickedLat !== undefined
        ? L.circleMarker([pickedLat, pickedLng], { radius: 9, color: '#c8161d', weight: 3, fillOpacity: 0.4 }).addTo(m)
        : null;
  }, [pickedLng, pickedLat, config]);

  return (
    <div
      ref={container}
      data-testid="grid-map"
      style={{ height, width: '100%', background: '#f3f6fa', borderRadius: 8, zIndex: 0 }}
    />
  );
}
