import { Alert, App, Button, Card, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Application } from '@huitong/contracts';
import { applicationDownloads, useUploadLetter } from '../../api/applications.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useCodes } from '../../i18n/codes.ts';
import { formatFileSize, looksLikePdf, oneMessage } from './letter.ts';

/**
 * 申请函: the stamped application letter (PDF). The applicant uploads it while the application
 * can be edited; everyone who sees the application may download it.
 */
export function LetterCard({ application }: { application: Application }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const codes = useCodes();
  const upload = useUploadLetter(application.id);
  const letter = application.letter;
  const mayUpload = application.permissions.edit;

  const onFile = (file: File) => {
    upload.reset();
    if (!looksLikePdf(file)) {
      void message.error(t('sharing.letter.notPdf'));
      return;
    }
    upload.mutate(file, { onSuccess: () => void message.success(t('sharing.letter.uploaded')) });
  };

  return (
    <Card title={t('sharing.letter.title')} size="small" style={{ marginBottom: 16 }} data-testid="letter-card">
      {letter ? (
        <Space wrap>
          <Typography.Text data-testid="letter-name">{letter.filename}</Typography.Text>
          <Typography.Text type="secondary">
            {formatFileSize(letter.sizeBytes)} · {formatDateTime(letter.uploadedAt)}
          </Typography.Text>
          <a href={applicationDownloads.letter(application.id)} download>
            <DownloadOutlined /> {t('sharing.letter.download')}
          </a>
        </Space>
      ) : (
        mayUpload && <Alert type="warning" showIcon title={t('sharing.letter.missing')} style={{ marginBottom: 8 }} data-testid="letter-missing" />
      )}
      {mayUpload && (
        <div style={{ marginTop: 8 }} data-testid="letter-upload">
          <ApiErrorAlert error={upload.error} onClose={() => upload.reset()} {...oneMessage(upload.error, codes.lang)} />
          <Upload
            accept=".pdf,application/pdf"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              onFile(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="letter-upload-button">
              {letter ? t('sharing.letter.replace') : t('sharing.letter.upload')}
            </Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('sharing.letter.hint')}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
