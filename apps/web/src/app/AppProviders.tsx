import type { ReactNode } from 'react';
import { useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from './queryClient.ts';
import { codeLang } from '../i18n/language.ts';
import { CARE_TOKENS, useCareMode } from './careMode.ts';

/** Query cache, Ant Design theme and locale (following the console language), message/modal context. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  const care = useCareMode();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <QueryClientProvider client={client}>
      <ConfigProvider
        locale={lang === 'zh' ? zhCNLocale : enUSLocale}
        theme={{
          token: {
            // Government blue; white text on it passes WCAG AA.
            colorPrimary: '#0b4fa8',
            colorLink: '#0b4fa8',
            // antd's lighter greys (#8c8c8c, #bfbfbf on white) fall below WCAG AA's 4.5:1 for
            // small text: menu group titles, secondary text, empty states, table placeholders.
            colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
            colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
            colorTextDescription: 'rgba(0, 0, 0, 0.65)',
            colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
            // antd's #ff4d4f gives 3.3:1 for danger links; #cf1322 reaches 5.6:1.
            colorError: '#cf1322',
            borderRadius: 4,
            ...(care ? CARE_TOKENS : {}),
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
