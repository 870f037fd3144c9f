"""Everything that writes, one module per entity (`<entity>_<action>` names,
keyword-only arguments). May import models, engines and the pipeline; never
views, selectors or the task module: work for later goes through `schedule`.
"""
