import { CameraOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Image, Skeleton, Space, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { errorCodeLabel } from '../api/labels';
import type { TimelineEvent } from '../api/types';

/** Thumbnails of stored attachments (fetched with the token, shown from object URLs). */
export function AttachmentThumbs({ ids, size = 72 }: { ids: string[]; size?: number }) {
  return (
    <Image.PreviewGroup>
      <Space wrap style={{ marginTop: 4 }}>
        {ids.map((id) => (
          <AttachmentThumb key={id} id={id} size={size} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/**
 * One attachment: the blob is fetched once and shown through an object URL in <img src>
 * (allowed by the CSP's `img-src blob:`); the object URL is never fetched again (connect-src
 * does not list blob:). A tap opens antd's full-size viewer.
 */
function AttachmentThumb({ id, size }: { id: string; size: number }) {
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    api
      .blob(`/attachments/${id}`)
      .then((blob) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setFile({ url: objectUrl, type: blob.type });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [id]);
  if (failed) return <Typography.Text type="danger">附件加载失败</Typography.Text>;
  if (!file) return <Skeleton.Image active style={{ width: size, height: size }} />;
  if (file.type === 'application/pdf')
    return (
      <a href={file.url} target="_blank" rel="noreferrer">
        <FilePdfOutlined /> PDF
      </a>
    );
  return (
    <Image
      src={file.url}
      alt="照片"
      width={size}
      height={size}
      data-attachment-id={id}
      style={{ objectFit: 'cover' }}
      preview={{ mask: '查看大图' }}
    />
  );
}

/** Photos of a ticket's filing (before) and of its last resolution (after), side by side. */
export function BeforeAfterPhotos({ timeline }: { timeline: TimelineEvent[] }) {
  const photosOf = (type: string) => timeline.filter((e) => e.type === type).at(-1)?.attachments ?? [];
  const before = photosOf('filed');
  const after = photosOf('resolved');
  const column = (title: string, ids: string[], testId: string) => (
    <div data-testid={testId} style={{ flex: '1 1 0', minWidth: 0 }}>
      <div>
        <Typography.Text strong>{title}</Typography.Text>
      </div>
      {ids.length ? <AttachmentThumbs ids={ids} size={96} /> : <div style={{ color: '#595959' }}>无照片</div>}
    </div>
  );
  return (
    <div style={{ display: 'flex', gap: 16, margin: '8px 0' }}>
      {column('点单照片（办理前）', before, 'photos-before')}
      {column('办结照片（办理后）', after, 'photos-after')}
    </div>
  );
}

/** Why an upload failed, in Chinese only (the server's English message is not shown). */
function uploadErrorText(error: unknown): string {
  if (error instanceof ApiError) return errorCodeLabel(error.code);
  return '网络异常，照片未上传，请重试';
}

/** Uploads under way and uploads that failed, for the form around a PhotoUpload. */
export interface UploadProgress {
  uploading: number;
  failed: number;
}

/**
 * Photos from the camera or the album (no `capture`: the phone offers both), each uploaded
 * at once; `onChange` gets the ids of the uploaded ones, `onProgress` how many are still
 * uploading or failed, so the form can wait or say why not. Failures are shown inline, in
 * Chinese. Public pages upload anonymously.
 */
export function PhotoUpload({
  onChange,
  onProgress,
  onOffline,
  anonymous,
  max = 6,
}: {
  onChange: (ids: string[]) => void;
  onProgress?: (progress: UploadProgress) => void;
  /** Without signal, photos are kept (not failed) and handed here, for the outbox to upload later. */
  onOffline?: (photos: File[]) => void;
  anonymous?: boolean;
  max?: number;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const update = (next: UploadFile[]) => {
    setFiles(next);
    onChange(next.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
    onOffline?.(next.filter((f) => f.status === 'done' && f.response?.offline).map((f) => f.originFileObj as File));
    onProgress?.({
      uploading: next.filter((f) => f.status === 'uploading').length,
      failed: next.filter((f) => f.status === 'error').length,
    });
  };
  const failed = files.filter((f) => f.status === 'error');
  return (
    <>
      <Upload
        listType="picture-card"
        accept="image/jpeg,image/png,image/webp,application/pdf"
        multiple
        fileList={files}
        maxCount={max}
        customRequest={({ file, onSuccess, onError }) => {
          api.upload(file as File, { anonymous }).then(
            (answer) => onSuccess?.(answer),
            (error) =>
              onOffline && error instanceof ApiError && error.status === 0
                ? onSuccess?.({ offline: true })
                : onError?.(Object.assign(new Error(uploadErrorText(error)), { status: 400 })),
          );
        }}
        onChange={({ fileList }) =>
          update(fileList.map((f) => (f.status === 'error' ? { ...f, response: f.error?.message } : f)))
        }
      >
        {files.length < max && (
          <Button
            type="text"
            icon={<CameraOutlined />}
            aria-label="拍照/相册：拍照或从相册选择图片"
            style={{ minHeight: 44 }}
          >
            拍照/相册
          </Button>
        )}
      </Upload>
      {failed.length > 0 && (
        <div role="alert" data-testid="upload-errors" style={{ color: '#a8071a', marginTop: 4 }}>
          {failed.map((f) => (
            <div key={f.uid}>
              {f.name} 上传失败：{typeof f.response === 'string' && f.response ? f.response : '请重试'}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
