//! One page of a list, as every list query answers it (core's queries and the pages alike).

use serde::{Deserialize, Serialize};

/// The largest page number a list considers: deeper pages are answered empty, never with an
/// overflow (page numbers come from the URL).
pub const MAX_PAGE: u64 = 1_000_000;
/// The most rows one page holds.
pub const MAX_PER_PAGE: u64 = 200;

/// Where a paginated list stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// Rows matching the filters, on every page.
    pub total: u64,
    /// The page shown (1-based).
    pub page: u64,
    pub per_page: u64,
}

impl PageInfo {
    /// The page a list was asked for, made safe to query: page and size clamped (`page=0` is
    /// the first page, a page past [`MAX_PAGE`] the last one considered), the total still unknown.
    /// Every list query starts here, so that no URL makes the offset overflow.
    pub fn asked(page: u64, per_page: u64) -> Self {
        Self {
            total: 0,
            page: page.clamp(1, MAX_PAGE),
            per_page: per_page.clamp(1, MAX_PER_PAGE),
        }
    }

    /// Rows before this page (at most about 2·10⁸, far inside every database's range).
    pub fn offset(&self) -> u64 {
        self.page.saturating_sub(1).saturating_mul(self.per_page)
    }

    /// The same page with the number of matching rows.
    #[must_use]
    pub fn with_total(self, total: u64) -> Self {
        Self { total, ..self }
    }

    /// The number of pages (at least one).
    pub fn pages(&self) -> u64 {
        if self.per_page == 0 {
            1
        } else {
            self.total.div_ceil(self.per_page).max(1)
        }
    }
}

/// One page of a list: the rows and where the page stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub page: PageInfo,
    pub items: Vec<T>,
}

impl<T> ListPage<T> {
    /// The same page with every row converted (a stored row into what a page shows).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage {
            page: self.page,
            items: self.items.into_iter().map(f).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_PAGE, MAX_PER_PAGE, PageInfo};

    #[test]
    fn an_empty_list_still_has_one_page() {
        let info = |total, per_page| PageInfo {
            total,
            page: 1,
            per_page,
        };
        assert_eq!(info(0, 20).pages(), 1);
        assert_eq!(info(41, 20).pages(), 3);
        assert_eq!(info(5, 0).pages(), 1);
    }

    #[test]
    fn any_page_asked_for_is_clamped_and_its_offset_fits() {
        let huge = PageInfo::asked(461_168_601_842_738_792, 20);
        assert_eq!((huge.page, huge.per_page), (MAX_PAGE, 20));
        assert_eq!(huge.offset(), (MAX_PAGE - 1) * 20);
        let worst = PageInfo::asked(u64::MAX, u64::MAX);
        assert!(i64::try_from(worst.offset()).is_ok());
        assert_eq!(worst.per_page, MAX_PER_PAGE);
        let zero = PageInfo::asked(0, 0);
        assert_eq!((zero.page, zero.per_page, zero.offset()), (1, 1, 0));
        assert_eq!(PageInfo::asked(3, 20).with_total(45).pages(), 3);
    }
}
