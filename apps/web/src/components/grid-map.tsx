import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useConsoleConfig } from './console-config';

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
  color?: string;
  label?: string;
}

/**
 * Grid polygons (GeoJSON from the API, WGS-84) on a Leaflet map. No online tiles by default —
 * the polygons are the map; a deployment may set a tile URL (e.g. 天地图) in the API's config.
 */
export function GridMap({
  polygons,
  points = [],
  picked,
  onPick,
  onPolygonClick,
  height = 360,
}: {
  polygons: MapPolygon[];
  points?: MapPoint[];
  /** a chosen location, shown as a marker */
  picked?: { lng: number; lat: number } | null;
  /** a tap on the map picks a location */
  onPick?: (at: { lng: number; lat: number }) => void;
  onPolygonClick?: (code: string) => void;
  height?: number | string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<L.LayerGroup | null>(null);
  const config = useConsoleConfig();
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    // Wait for the deployment's settings: the tile layer is chosen once.
    if (!container.current || !config) return;
    const m = L.map(container.current, { attributionControl: !!config.tileUrl, zoomSnap: 0.25 });
    m.setView([30, 120], 5);
    if (config.tileUrl)
      L.tileLayer(config.tileUrl, {
        attribution: config.tileAttribution ?? '',
        subdomains: config.tileSubdomains ?? 'abc',
        maxZoom: 18,
      }).addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pickRef.current?.({ lng: e.latlng.lng, lat: e.latlng.lat }));
    layers.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [config]);

  const key = polygons.map((p) => p.code + (p.color ?? '')).join() + '|' + points.map((p) => p.id).join();
  useEffect(() => {
    const m = map.current;
    const group = layers.current;
    if (!m || !group) return;
    group.clearLayers();
    const bounds = L.latLngBounds([]);
    for (const p of polygons) {
      const layer = L.geoJSON(p.boundary as never, {
        style: { color: p.color ?? '#1677ff', weight: 1.5, fillOpacity: 0.15 },
      });
      layer.bindTooltip(`${p.name}（${p.code}）${p.info ? '<br/>' + p.info : ''}`, { sticky: true });
      if (onPolygonClick) layer.on('click', () => onPolygonClick(p.code));
      layer.addTo(group);
      bounds.extend(layer.getBounds());
    }
    for (const pt of points) {
      const marker = L.circleMarker([pt.lat, pt.lng], {
        radius: 6,
        color: '#fff',
        weight: 1,
        fillColor: pt.color ?? '#c8161d',
        fillOpacity: 0.9,
      });
      if (pt.label) marker.bindTooltip(pt.label);
      marker.addTo(group);
      bounds.extend([pt.lat, pt.lng]);
    }
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, config]);

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
