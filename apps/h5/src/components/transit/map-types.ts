/** What TransitMap draws; pages build these from the API's answers. Coordinates are WGS-84. */

export interface TransitMapLine {
  id: string;
  /** [lat, lng] pairs */
  path: [number, number][];
  /** '#RRGGBB' */
  color?: string;
  /** walking legs */
  dashed?: boolean;
  /** the direction not shown, drawn behind */
  faded?: boolean;
  weight?: number;
}

export interface TransitMapStop {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** the stop the page is about (bigger, red, named on the map) */
  highlight?: boolean;
}

export interface TransitMapBus {
  id: string;
  lat: number;
  lng: number;
  /** degrees clockwise from north */
  bearing?: number;
  color?: string;
  /** 川S·D1234 */
  label?: string;
}

/** A colour from the feed as a CSS colour, only when it is '#RRGGBB' (anything else would be markup). */
export function safeColor(color: string | undefined, fallback = '#1557b0'): string {
  return color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : fallback;
}
