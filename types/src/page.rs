//! One page of a list, as every list query answers it (core's queries and the pages alike).

use serde::{Deserialize, Serialize};

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
    use super::PageInfo;

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
}
