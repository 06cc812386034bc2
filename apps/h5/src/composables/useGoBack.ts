import { useRouter } from 'vue-router';

/**
 * 返回 the way a citizen expects: opened from a link inside the app, go back; opened directly
 * (shared link, reload, back from the payment cashier), go up to `fallback`.
 */
export function useGoBack(): (fallback: string) => void {
  const router = useRouter();
  return (fallback) => {
    const state = window.history.state as { back?: string | null } | null;
    if (state?.back) router.back();
    else void router.replace(fallback);
  };
}
