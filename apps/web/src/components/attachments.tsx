import { CameraOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Image, Space, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorText } from '../api/client';

/** Thumbnails of stored attachments (fetched with the token, shown from object URLs). */
export function AttachmentThumbs({ ids }: { ids: string[] }) {
  return (
    <Space wrap style={{ marginTop: 4 }}>
      {ids.map((id) => (
        <AttachmentThumb key={id} id={id} />
      ))}
    </Space>
  );
}

function AttachmentThumb({ id }: { id: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [type, setType] = useState<string>('');
  useEffect(() => {
    let revoked = false;
    let objectUrl: string | null = null;
    api
      .blobUrl(`/attachments/${id}`)
      .then(async (u) => {
        objectUrl = u;
        const blob = await fetch(u).then((r) => r.blob());
        if (!revoked) {
          setType(blob.type);
          setUrl(u);
        }
      })
      .catch(() => undefined);
    return () => {
      revoked = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [id]);
  if (!url) return null;
  if (type === 'application/pdf')
    return (
      <a href={url} target="_blank" rel="noreferrer">
        <FilePdfOutlined /> PDF
      </a>
    );
  return <Image src={url} width={72} height={72} style={{ objectFit: 'cover' }} />;
}

/**
 * Photos from the camera (or files), each uploaded at once; `onChange` gets the ids of the
 * uploaded ones. Public pages upload anonymously.
 */
export function PhotoUpload({
  onChange,
  anonymous,
  max = 6,
}: {
  onChange: (ids: string[]) => void;
  anonymous?: boolean;
  max?: number;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const update = (next: UploadFile[]) => {
    setFiles(next);
    onChange(next.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
  };
  return (
    <Upload
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp,application/pdf"
      capture="environment"
      multiple
      fileList={files}
      maxCount={max}
      customRequest={({ file, onSuccess, onError }) => {
        api.upload(file as File, { anonymous }).then(
          (answer) => onSuccess?.(answer),
          (error) => onError?.(Object.assign(new Error(errorText(error)), { status: 400 })),
        );
      }}
      onChange={({ fileList }) =>
        update(fileList.map((f) => (f.status === 'error' ? { ...f, response: f.error?.message } : f)))
      }
    >
      {files.length < max && (
        <Button type="text" icon={<CameraOutlined />} aria-label="拍照或选择图片">
          拍照
        </Button>
      )}
    </Upload>
  );
}
