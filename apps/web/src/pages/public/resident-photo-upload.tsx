import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { PhotoUpload, type UploadProgress } from '../../components/attachments';

/**
 * The resident's photo picker: antd's Upload (thumbnails, progress, remove) in Chinese and the
 * console's colours. Loaded after the request form is on screen (React.lazy in request-page),
 * so antd never delays the moment a resident can start filling in the form.
 */
export default function ResidentPhotoUpload(props: {
  onChange: (ids: string[]) => void;
  onProgress: (progress: UploadProgress) => void;
}) {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#c8161d', borderRadius: 6 } }}
      button={{ autoInsertSpace: false }}
    >
      <PhotoUpload anonymous {...props} />
    </ConfigProvider>
  );
}
