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

/** Query cache, Ant Design theme and locale (following the console language), message/modal context. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const lang = codeLang(i18n.language);
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
            colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
            borderRadius: 4,
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
