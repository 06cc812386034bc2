import { ref, shallowRef, toValue, type MaybeRefOrGetter } from 'vue';
import { UtilityErrorCodes } from '@dz/contracts';
import { utilityApi, type UtilityAccounts, type UtilityBills } from '../api/utilities';
import type { UtilityBiz } from '../data/utilities';
import { ApiError, errorMessage } from '../api/client';
import { useSiteStore } from '../stores/site';

/**
 * The citizen's matched accounts and one account's bills, for the payment and bill query pages
 * of 水费 and 燃气费. Outcomes kept apart because the pages show them differently: 实名认证
 * required (a way to do it), no such account (under the number field), anything else — the
 * company's system unavailable included — an error with 重试. A later answer always wins.
 */
export function useUtilityAccount(biz: MaybeRefOrGetter<UtilityBiz>) {
  const site = useSiteStore();

  const accounts = shallowRef<UtilityAccounts | null>(null);
  const accountsLoading = ref(false);
  const accountsError = ref('');
  /** The server's message when the user must be real-name verified first; '' otherwise. */
  const realNameRequired = ref('');

  const bills = shallowRef<UtilityBills | null>(null);
  const billsFor = ref('');
  const billsLoading = ref(false);
  const billsError = ref('');
  const notFound = ref('');

  let accountsGen = 0;
  let billsGen = 0;

  function realName(e: unknown): boolean {
    if (e instanceof ApiError && e.code === UtilityErrorCodes.REALNAME_REQUIRED) {
      realNameRequired.value = e.message || '请先完成实名认证';
      return true;
    }
    return false;
  }

  async function loadAccounts(): Promise<UtilityAccounts | null> {
    const gen = ++accountsGen;
    accountsLoading.value = true;
    accountsError.value = '';
    realNameRequired.value = '';
    try {
      const res = await utilityApi[toValue(biz)].accounts(site.current.code);
      if (gen !== accountsGen) return null;
      accounts.value = res;
      return res;
    } catch (e) {
      if (gen !== accountsGen) return null;
      accounts.value = null;
      if (!realName(e)) accountsError.value = errorMessage(e);
      return null;
    } finally {
      if (gen === accountsGen) accountsLoading.value = false;
    }
  }

  async function loadBills(accountNo: string): Promise<void> {
    const gen = ++billsGen;
    billsFor.value = accountNo;
    billsLoading.value = true;
    billsError.value = '';
    notFound.value = '';
    bills.value = null;
    try {
      const res = await utilityApi[toValue(biz)].bills(accountNo, site.current.code);
      if (gen === billsGen) bills.value = res;
    } catch (e) {
      if (gen !== billsGen) return;
      if (e instanceof ApiError && e.code === UtilityErrorCodes.ACCOUNT_NOT_FOUND) notFound.value = e.message;
      else if (!realName(e)) billsError.value = errorMessage(e);
    } finally {
      if (gen === billsGen) billsLoading.value = false;
    }
  }

  function clearBills(): void {
    billsGen += 1;
    bills.value = null;
    billsFor.value = '';
    billsLoading.value = false;
    billsError.value = '';
    notFound.value = '';
  }

  return { accounts, accountsLoading, accountsError, realNameRequired, loadAccounts, bills, billsFor, billsLoading, billsError, notFound, loadBills, clearBills };
}

export type UtilityAccountState = ReturnType<typeof useUtilityAccount>;
