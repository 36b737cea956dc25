import type { ThemeConfig } from 'antd';

/**
 * The console's colours in one place. The brand red is also antd's primary colour, so the
 * focus state must not be red (it would read as an error): focus is a blue ring, here for
 * antd's inputs and in styles.css (`:focus-visible`) for everything else.
 */
export const BRAND_RED = '#c8161d';
export const FOCUS_BLUE = '#1a56db';

// WCAG AA (4.5:1 for text) on white and on antd's grey surfaces (#f5f5f5, #fafafa):
// antd's defaults are rgba(0,0,0,.45) for secondary/description text (3.35:1 on white) and
// rgba(0,0,0,.25) for placeholders (1.83:1).
export const READABLE_GREY = 'rgba(0, 0, 0, 0.62)'; // #616161 on white: 6.1:1; on #f5f5f5: 5.6:1
const PLACEHOLDER_GREY = 'rgba(0, 0, 0, 0.56)'; // #707070 on white: 4.95:1; still lighter than typed text

const focusedInput = {
  activeBorderColor: FOCUS_BLUE,
  hoverBorderColor: '#4a7de6',
  activeShadow: `0 0 0 2px rgba(26, 86, 219, 0.3)`,
};

export const THEME: ThemeConfig = {
  token: {
    colorPrimary: BRAND_RED,
    borderRadius: 6,
    colorTextSecondary: READABLE_GREY,
    colorTextTertiary: READABLE_GREY,
    colorTextDescription: READABLE_GREY,
    colorTextPlaceholder: PLACEHOLDER_GREY,
    colorTextLabel: READABLE_GREY,
    colorIcon: READABLE_GREY,
    // antd's #ff4d4f error text is 3.0:1 on white, its #1677ff links 4.0:1 on the grey page
    colorError: '#cf1322',
    colorErrorText: '#cf1322',
    colorLink: FOCUS_BLUE,
  },
  components: {
    Input: focusedInput,
    InputNumber: focusedInput,
    DatePicker: focusedInput,
    Mentions: focusedInput,
    // white 开/关 on antd's pale grey track is 2.3:1
    Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.55)', colorTextTertiary: 'rgba(0, 0, 0, 0.7)' },
    Select: { ...focusedInput, activeOutlineColor: 'rgba(26, 86, 219, 0.3)' },
  },
};

/**
 * On a phone (the grid workers' and party members' layout) every control is at least 44 px
 * tall: the touch-target size of WCAG 2.5.5 and Apple's HIG, for gloved or hurried thumbs.
 */
export const PHONE_TARGET = 44;
export const PHONE_THEME: ThemeConfig = {
  token: { controlHeight: PHONE_TARGET, controlHeightSM: PHONE_TARGET, controlHeightLG: 48 },
  components: {
    Switch: { trackHeight: PHONE_TARGET, trackMinWidth: 88, handleSize: 38, innerMinMargin: 22, innerMaxMargin: 48 },
  },
};
/** Class on the phone layout's root, for the few targets outside antd's theme (styles.css). */
export const PHONE_CLASS = 'gf-phone';
