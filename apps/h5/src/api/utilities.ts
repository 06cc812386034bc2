import type {
  CreatePaymentResponse,
  GasAccountsResponse,
  GasBillsResponse,
  GasPaymentRequest,
  PayChannel,
  WaterAccountsResponse,
  WaterBillsResponse,
  WaterPaymentRequest,
} from '@dz/contracts';
import { http } from './client';
import type { UtilityBiz } from '../data/utilities';

/**
 * 水费 / 燃气费: the citizen's accounts matched by identity, an account's bills, and paying them.
 * `site` picks the partner connection the console configured for the current 站点.
 */
export const waterApi = {
  accounts: (site: string) => http.get<WaterAccountsResponse>('/api/water/accounts', { query: { site } }),
  bills: (cardNo: string, site: string) => http.get<WaterBillsResponse>('/api/water/bills', { query: { cardNo, site } }),
  pay: (body: WaterPaymentRequest) => http.post<CreatePaymentResponse>('/api/water/payments', body),
};

export const gasApi = {
  accounts: (site: string) => http.get<GasAccountsResponse>('/api/gas/accounts', { query: { site } }),
  bills: (customerNo: string, site: string) => http.get<GasBillsResponse>('/api/gas/bills', { query: { customerNo, site } }),
  pay: (body: GasPaymentRequest) => http.post<CreatePaymentResponse>('/api/gas/payments', body),
};

/** A water card or a gas customer, under one name: the pages are the same for both. */
export interface UtilityAccount {
  accountNo: string;
  holderName: string;
  address: string;
  unitCode: string;
  unitName: string;
}

export type UtilityAccounts = Omit<WaterAccountsResponse, 'accounts'> & { accounts: UtilityAccount[] };
export type UtilityBills = Omit<WaterBillsResponse, 'cardNo'> & { accountNo: string };

export interface UtilityApi {
  accounts(site: string): Promise<UtilityAccounts>;
  bills(accountNo: string, site: string): Promise<UtilityBills>;
  pay(accountNo: string, billIds: string[], channel: PayChannel, site: string): Promise<CreatePaymentResponse>;
}

function list<T>(v: T[] | undefined | null): T[] {
  return Array.isArray(v) ? v : [];
}

/** One company's API under the common names: its own account number key becomes `accountNo`. */
function adapter(key: 'cardNo' | 'customerNo', raw: typeof waterApi | typeof gasApi): UtilityApi {
  const no = (o: object): string => String((o as Record<string, unknown>)[key] ?? '');
  return {
    async accounts(site) {
      const r = await raw.accounts(site);
      return { units: list(r?.units), accounts: list<object>(r?.accounts).map((a) => ({ ...(a as UtilityAccount), accountNo: no(a) })) };
    },
    async bills(accountNo, site) {
      const r = await raw.bills(accountNo, site);
      return { ...r, accountNo: no(r) || accountNo, bills: list(r.bills), payments: list(r.payments) };
    },
    // The request names the account the company's way: { cardNo } or { customerNo }.
    pay: (accountNo, billIds, channel, site) => raw.pay({ [key]: accountNo, billIds, channel, site } as WaterPaymentRequest & GasPaymentRequest),
  };
}

export const utilityApi: Record<UtilityBiz, UtilityApi> = { water: adapter('cardNo', waterApi), gas: adapter('customerNo', gasApi) };
