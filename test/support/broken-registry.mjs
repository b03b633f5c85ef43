// A registry module that cannot be loaded (for verify's worker tests only).
throw new Error('planted: this registry does not load');
