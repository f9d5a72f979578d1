// An Image value (an app icon, the default customer avatar): one URL serves every size variant.
export function image(url: string, size: number) {
  return {
    __typename: 'Image',
    id: null,
    url,
    src: url,
    originalSrc: url,
    transformedSrc: url,
    altText: null,
    width: size,
    height: size,
    thumbhash: null,
    translations: [],
  };
}
