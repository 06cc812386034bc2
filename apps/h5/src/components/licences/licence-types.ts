/**
 * How each licence type looks: a Vant icon and a colour. The colour is a dark shade so white text on
 * it keeps ≥ 4.5 : 1 (WCAG AA), and a type is never told by colour alone — the icon and the name
 * stay next to it. Names come from the server (LicenceView.typeName).
 */
export interface LicenceLook {
  icon: string;
  colour: string;
}

const LOOKS: Record<string, LicenceLook> = {
  'id-card': { icon: 'idcard', colour: '#1d4ed8' },
  'social-card': { icon: 'contact-o', colour: '#b91c1c' },
  'driving-licence': { icon: 'logistics', colour: '#047857' },
  'vehicle-licence': { icon: 'logistics', colour: '#0f766e' },
  'business-licence': { icon: 'shop-o', colour: '#9a3412' },
  'property-cert': { icon: 'home-o', colour: '#6d28d9' },
  'housing-fund-card': { icon: 'gold-coin-o', colour: '#854d0e' },
};

export function licenceLook(type: string): LicenceLook {
  return LOOKS[type] ?? { icon: 'description', colour: '#334155' };
}

/** Status in words (colour is only a second signal). */
export function licenceStatusText(status: string): string {
  if (status === 'valid') return '有效';
  if (status === 'revoked') return '已注销';
  if (status === 'expired') return '已过期';
  return status;
}

/** A check's result in words, for 核验记录. */
export function checkResultText(result: string): string {
  const words: Record<string, string> = { valid: '核验通过', expired: '二维码已过期', revoked: '证照已注销', invalid: '二维码无效' };
  return words[result] ?? result;
}
